import { matchesAny } from '../config/patterns.js';
import type { SourceItem } from '../types.js';

/** The items whose title matches none of the patterns, in order. */
export function excludeByTitle(items: SourceItem[], patterns: readonly string[]): SourceItem[] {
  return patterns.length === 0 ? items : items.filter((i) => !matchesAny(i.title, patterns));
}
