// Each parsed body leaves the document domino's parser built for it: that
// parser's state (document included) lives in the old generation, and a tree
// it still held survived every young-generation collection (BENCHMARKS.md 4b).
import { describe, expect, it } from 'vitest';
import { preprocessHtml } from '../../src/render/preprocess.js';

describe('preprocessHtml', () => {
  it('hands over a body detached from the document it was parsed in, every body in the same long-lived one', () => {
    const a = preprocessHtml('<p>First <b>body</b></p>');
    const b = preprocessHtml('<table><tr><td>Second</td></tr></table><pre>\ncode</pre>');
    expect(a.parentNode).toBeNull();
    expect(b.parentNode).toBeNull();
    expect(a.ownerDocument).toBe(b.ownerDocument);
    // The long-lived document holds none of them.
    expect(a.ownerDocument.body.childNodes.length).toBe(0);
    // Parsed as ever (the HTML5 tree builder): a tbody is implied, the newline after <pre> dropped.
    expect(b.querySelector('tbody > tr > td')?.textContent).toBe('Second');
    expect(b.querySelector('pre')?.textContent).toBe('code');
  });
});
