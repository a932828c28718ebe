// The checks the hostile tests rely on must themselves catch what they look for.
import { describe, expect, it } from 'vitest';
import { activeContent, changedPaths, isMirrorPath } from './harness.js';

describe('hostile-test checks', () => {
  it('activeContent flags raw active tags, handlers, script links and autolinks, not escaped text', () => {
    expect(activeContent('a <script>x</script>')).toHaveLength(1);
    expect(activeContent('<img src="a.png" onerror="x">')).toEqual(['<img src="a.png" onerror=']);
    expect(activeContent('[t](javascript:alert(1))')).toEqual(['link to javascript:alert(1']);
    expect(activeContent('![i](<data:text/html,x>)')).toContain('link to data:text/html,x');
    expect(activeContent("<a href='vbscript:x'>v</a>")).toEqual(['attribute vbscript:x']);
    expect(activeContent('<javascript:alert(1)>')).toEqual(['<javascript:alert(1)>']);
    // Escaped, or plain web links and repository paths: inert.
    expect(activeContent('\\<script> \\[t\\](javascript:alert(1)) [a](https://x.example/) [b](../pages/c/d.md) <a href=\'https://x/\'><img src=\'d.md.png\'/></a>')).toEqual([]);
  });

  it('tree checks tell mirror paths from the rest', () => {
    expect(['README.md', 'pages/a/b.md', 'indexes/a.json', 'feeds/a.xml'].every(isMirrorPath)).toBe(true);
    expect(['.github/workflows/ci.yml', 'pages/../x', 'src/index.ts', 'README.md.bak', 'pages'].some(isMirrorPath)).toBe(false);
    const before = new Map([['a', '1'], ['b', '2']]);
    expect(changedPaths(before, new Map([['a', '1'], ['b', '3'], ['c', '4']]))).toEqual(['b', 'c']);
    expect(changedPaths(before, new Map([['a', '1']]))).toEqual(['b']);
  });
});
