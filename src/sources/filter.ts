import { matchingPatterns } from '../config/patterns.js';
import type { SourceItem } from '../types.js';

/**
 * The items whose title matches none of the patterns, in order, and the
 * patterns that matched some title. Each title meets the patterns once.
 */
export function excludeByTitle(items: SourceItem[], patterns: readonly string[]): { kept: SourceItem[]; used: Set<string> } {
  if (patterns.length === 0) return { kept: items, used: new Set() };
  const used = new Set<string>();
  const kept = items.filter((i) => {
    const hits = matchingPatterns(i.title, patterns);
    for (const p of hits) used.add(p);
    return hits.length === 0;
  });
  return { kept, used };
}
