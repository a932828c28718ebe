// Title patterns from the config: a plain substring, or `/regex/flags`.
import type { SourceItem } from '../types.js';

const cache = new Map<string, RegExp | string>();

function compile(pattern: string): RegExp | string {
  let c = cache.get(pattern);
  if (c === undefined) {
    const m = /^\/(.+)\/([a-z]*)$/.exec(pattern);
    c = pattern;
    if (m) {
      try {
        // g and y make test() stateful across calls; drop them.
        c = new RegExp(m[1]!, m[2]!.replace(/[gy]/g, ''));
      } catch {
        // The config validates regexes; anything odd here is matched literally.
      }
    }
    cache.set(pattern, c);
  }
  return c;
}

/** True when `text` contains a substring pattern or matches a `/regex/flags` pattern. Substrings are case-sensitive. */
export function matchesAny(text: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => {
    const c = compile(p);
    return typeof c === 'string' ? text.includes(c) : c.test(text);
  });
}

/** The items whose title matches none of the patterns, in order. */
export function excludeByTitle(items: SourceItem[], patterns: readonly string[]): SourceItem[] {
  return patterns.length === 0 ? items : items.filter((i) => !matchesAny(i.title, patterns));
}
