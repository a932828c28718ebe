import { load } from 'cheerio';
import { parseConfig, type Config } from '../../src/config/load.js';

/** A config as the loader makes it, from YAML lines under the defaults. */
export function makeConfig(extra = '', moreChannels = ''): Config {
  return parseConfig(
    `channels:\n  - id: nsc413\n    title: 大陆新闻\n    source: { type: feed, url: https://www.epochtimes.com/gb/nsc413.xml }\n    unlink: ["/gb/tag/"]\n${moreChannels}${extra}`,
    'test config',
  );
}

/** Every Latin word and every CJK character of the HTML's visible text. */
export function textTokens(html: string): string[] {
  const $ = load(html, null, false);
  $('script, style, noscript').remove();
  const text = $.root().text();
  return [...(text.match(/[A-Za-z0-9]+|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu) ?? [])];
}

/** Tokens of `html` missing from the Markdown (escapes undone). */
export function missingTokens(html: string, markdown: string): string[] {
  const plain = markdown.replace(/\\(.)/g, '$1');
  return textTokens(html).filter((t) => !plain.includes(t));
}

/** Spaces that sit between two CJK characters (or CJK punctuation). */
export function cjkSpaces(markdown: string): string[] {
  const cjk = '[\\p{Script=Han}\\u3000-\\u303F\\uFF00-\\uFFEF“”]';
  return [...markdown.matchAll(new RegExp(`${cjk}[ \\t]+${cjk}`, 'gu'))].map((m) => m[0]);
}

// An independent, minimal reading of CommonMark's emphasis rules (spec 6.2,
// cmark-gfm's punctuation = ASCII punctuation + Unicode P*), enough to say
// which `**…**` spans of one line GitHub shows as strong.
const PUNCT = /[\p{P}!-/:-@[-`{-~]/u;
const SPACE = /\s/u;

export function strongSpans(line: string): string[] {
  type Run = { pos: number; len: number; open: boolean; close: boolean };
  const runs: Run[] = [];
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') {
      i++;
      continue;
    }
    if (line[i] !== '*') continue;
    let j = i;
    while (line[j] === '*') j++;
    const before = i > 0 ? line[i - 1]! : ' ';
    const after = j < line.length ? line[j]! : ' ';
    const left = !SPACE.test(after) && (!PUNCT.test(after) || SPACE.test(before) || PUNCT.test(before));
    const right = !SPACE.test(before) && (!PUNCT.test(before) || SPACE.test(after) || PUNCT.test(after));
    runs.push({ pos: i, len: j - i, open: left, close: right });
    i = j - 1;
  }
  const spans: string[] = [];
  const openers: Run[] = [];
  for (const r of runs) {
    if (r.close && r.len === 2) {
      const k = openers.map((o) => o.len === 2).lastIndexOf(true);
      if (k >= 0) {
        const o = openers[k]!;
        spans.push(line.slice(o.pos + 2, r.pos));
        openers.splice(k);
        continue;
      }
    }
    if (r.open) openers.push(r);
  }
  return spans;
}
