// The bundles' last build step (scripts/ascii-only.mjs) escapes what esbuild's
// `charset: 'ascii'` leaves: regular expression literals and comments. The
// escaped source must mean exactly what the original did.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS build script, no types
import { asciiOnly } from '../../scripts/ascii-only.mjs';

const escape = asciiOnly as (js: string) => string;
const evaluate = (js: string): RegExp => (0, eval)(js) as RegExp;

/** Regex literals as esbuild leaves them in the bundle, and strings each must or must not match. */
const CASES: Array<{ js: string; texts: string[] }> = [
  { js: String.raw`/^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2}))?/`, texts: ['2018年10月4日 10：30', '2018年10月4日', '2018-10-04', '2018年10月4日 10:30'] },
  { js: String.raw`/ [\|\-\\\/>»] /`, texts: ['a » b', 'a | b', 'a » b'.replace('»', '>'), 'a b'] },
  { js: String.raw`/(prev|earl|old|new|<|«)/i`, texts: ['« older', 'newer', 'next'] },
  // An identity escape of a non-ASCII character (legal without the u flag).
  { js: String.raw`/a\»b/`, texts: ['a»b', 'a\\»b', 'ab'] },
  // An escaped backslash, then the character itself.
  { js: String.raw`/a\\»b/`, texts: ['a\\»b', 'a»b'] },
  { js: String.raw`/^(ad(vertising)?|pub(licité)?|广告|Реклама)$/iu`, texts: ['广告', 'PUBLICITÉ', 'реклама', 'ads'] },
  // Astral characters: one code point under u, two code units without it.
  { js: '/^😀+$/u', texts: ['😀😀', '😀\uD83D', ''] },
  { js: '/^[😀]$/', texts: ['\uD83D', '\uDE00', '😀'] },
  { js: '/[“”‘’…—–·•]/u', texts: ['“quoted”', 'plain'] },
];

describe('asciiOnly (bundle build step)', () => {
  it('leaves no character outside ASCII', () => {
    for (const { js } of CASES) expect(escape(js)).toMatch(/^[\x00-\x7e]*$/);
    expect(escape('// request’s URL\nconst a = 1; /* « » */')).toMatch(/^[\x00-\x7e]*$/);
  });

  it('keeps every regular expression literal matching exactly what it matched', () => {
    for (const { js, texts } of CASES) {
      const before = evaluate(js);
      const after = evaluate(escape(js));
      expect(after.flags, js).toBe(before.flags);
      for (const t of texts) expect([js, t, after.exec(t)?.slice()], js).toEqual([js, t, before.exec(t)?.slice()]);
    }
  });

  it('changes nothing in code that is already ASCII', () => {
    const js = String.raw`const re = /\u00bb\\x/g; // plain comment` + '\nconst s = "\\u5e7f";\n';
    expect(escape(js)).toBe(js);
  });
});
