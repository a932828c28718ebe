import { newestFirst } from '../render/order.js';
import type { Manifest, ManifestEntry } from '../types.js';

export interface MergeResult {
  manifest: Manifest;
  /** Entries this run added that made it into the kept set. */
  added: ManifestEntry[];
  /** Entries that fell out of retention (their page and QR are deleted). */
  retired: ManifestEntry[];
  /** New entries dropped because another article at the branch head already holds their path. */
  collided: ManifestEntry[];
}

/**
 * Merges this run's new entries into the manifest read at the branch head,
 * then applies retention. Merging onto the head (not onto the state the run
 * started from) is what lets racing runs and shards compose: each keeps the
 * other's articles. `identity` says when two URLs are one article
 * (articles/canonical-url.ts).
 */
export function mergeManifest(head: Manifest, fresh: ManifestEntry[], retention: number, identity: (url: string) => string = (u) => u): MergeResult {
  // Stored URLs are compared in canonical form and never rewritten, so manifests written before stay valid.
  const byUrl = new Set(head.articles.map((e) => identity(e.url)));
  const byPath = new Set(head.articles.map((e) => e.path));
  const collided: ManifestEntry[] = [];
  const candidates: ManifestEntry[] = [];
  for (const e of fresh) {
    if (byUrl.has(identity(e.url))) continue;
    if (byPath.has(e.path)) {
      collided.push(e);
      continue;
    }
    byUrl.add(identity(e.url));
    byPath.add(e.path);
    candidates.push(e);
  }
  const all = newestFirst([...head.articles, ...candidates]);
  const kept = all.slice(0, retention);
  const keptSet = new Set(kept);
  return {
    manifest: { ...head, articles: kept },
    added: candidates.filter((e) => keptSet.has(e)),
    retired: all.slice(retention).filter((e) => !candidates.includes(e)),
    collided,
  };
}
