import type { ManifestEntry } from '../types.js';
import { timeOf } from './dates.js';

/** The date an entry sorts and shows by: published, else when it was first mirrored. */
export function entryDate(e: ManifestEntry): string | undefined {
  return e.published ?? e.mirrored;
}

/** Newest first; ties (and undated entries) by id, so the order never depends on input order. */
export function newestFirst<T extends ManifestEntry>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => {
    const d = timeOf(entryDate(b)) - timeOf(entryDate(a));
    if (d !== 0 && !Number.isNaN(d)) return d;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}
