// Mutated real and fixture feeds: the parser must return items or throw a
// FeedError, never crash with anything else and never hang.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FeedError, parseFeed } from '../../src/sources/feed.js';
import { prng } from '../helpers/prng.js';


const TOKENS = ['<', '>', '&', ']]>', '<![CDATA[', '</item>', '<item>', '<content>', '</content>', '&amp;', '&#0;', '\u0000', '"', '<!--', 'xml:base="javascript:x"', '<link>', '</entry>', '{', '}'];

function mutate(src: string, rnd: () => number): string {
  let s = src;
  const n = 1 + Math.floor(rnd() * 8);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(rnd() * s.length);
    const op = Math.floor(rnd() * 4);
    if (op === 0) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rnd() * 200)); // delete a run
    else if (op === 1) s = s.slice(0, at) + TOKENS[Math.floor(rnd() * TOKENS.length)]! + s.slice(at); // insert markup
    else if (op === 2) s = s.slice(0, at); // truncate
    else s = s.slice(0, at) + s.slice(at, at + 300).repeat(1 + Math.floor(rnd() * 5)) + s.slice(at + 300); // duplicate a region
  }
  return s;
}

describe('parseFeed fuzz', () => {
  const sources = [
    readFileSync(new URL('../fixtures/samples/feeds/nsc412.xml', import.meta.url), 'utf8').slice(0, 40_000),
    ...['rss2.xml', 'atom.xml', 'rdf.xml', 'feed.json'].map((f) => readFileSync(new URL(`../fixtures/feeds/${f}`, import.meta.url), 'utf8')),
  ];

  it('never crashes or hangs on 400 mutated feeds (seed 20240305)', () => {
    const rnd = prng(20240305);
    const started = performance.now();
    let parsed = 0;
    for (let i = 0; i < 400; i++) {
      const input = mutate(sources[i % sources.length]!, rnd);
      try {
        const f = parseFeed(input, 'https://news.example/feed.xml');
        parsed++;
        for (const item of f.items) {
          expect(item.url).toMatch(/^https?:\/\//);
          expect(typeof item.title).toBe('string');
          if (item.published) expect(Number.isNaN(Date.parse(item.published))).toBe(false);
        }
      } catch (e) {
        if (!(e instanceof FeedError)) throw new Error(`case ${i}: ${(e as Error).stack}`);
      }
    }
    expect(parsed).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(15_000); // a hang guard, not a benchmark
  });
});
