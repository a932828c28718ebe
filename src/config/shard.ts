import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based. */
  index: number;
  total: number;
}

/** Parses `K/N` (1 ≤ K ≤ N ≤ 256); empty means no sharding. */
export function parseShard(text: string | undefined): Shard | undefined {
  const t = (text ?? '').trim();
  if (t === '') return undefined;
  const m = /^(\d+)\s*\/\s*(\d+)$/.exec(t);
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || total < 1 || total > 256 || index < 1 || index > total) {
    throw new Error(`shard: expected K/N with 1 ≤ K ≤ N ≤ 256 (e.g. "2/8"), got "${t}"`);
  }
  return { index, total };
}

/**
 * Stable channel → shard assignment from a hash of the channel id, so adding
 * or removing other channels never moves a channel to another shard's job.
 */
export function shardOf(channelId: string, total: number): number {
  const h = createHash('sha1').update(channelId).digest();
  return (h.readUInt32BE(0) % total) + 1;
}

export function inShard(channelId: string, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(channelId, shard.total) === shard.index;
}
