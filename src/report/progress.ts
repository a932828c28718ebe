// Progress while article pages load: a long run otherwise prints nothing
// for minutes (channel logs are replayed once each channel is done).
import type { Logger } from '../types.js';

/** Default interval between progress lines. */
export const PROGRESS_INTERVAL_MS = 5_000;

/**
 * The interval from the environment (`NEWS_MIRROR_PROGRESS_MS`), so tests of
 * the bundled CLI and Action can make it short; the default otherwise.
 */
export function progressInterval(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.NEWS_MIRROR_PROGRESS_MS);
  return Number.isFinite(v) && v > 0 ? v : PROGRESS_INTERVAL_MS;
}

export interface Progress {
  /** A channel that has `total` articles to load. */
  track(channel: string, total: number): { done(): void };
  stop(): void;
}

/** Every `intervalMs`, one line per channel still loading: "world: 120/250 pages". */
export function startProgress(logger: Logger, intervalMs: number): Progress {
  const channels = new Map<string, { done: number; total: number }>();
  const timer = setInterval(() => {
    for (const [id, c] of channels) if (c.done < c.total) logger.info(`${id}: ${c.done}/${c.total} pages`);
  }, intervalMs);
  // A pending tick must never keep the process alive.
  timer.unref();
  return {
    track(channel, total) {
      const c = { done: 0, total };
      if (total > 0) channels.set(channel, c);
      return { done: () => void c.done++ };
    },
    stop: () => clearInterval(timer),
  };
}
