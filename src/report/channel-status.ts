import type { ChannelSummary } from '../pipeline.js';
import { formatMinute } from '../render/dates.js';

/**
 * A channel's status as the job summary and the terminal show it: ok, partial
 * (3 of 35 pages failed), failed (this run, the first in a row), failing since
 * … (the runs before failed too).
 */
export function channelStatus(c: ChannelSummary): string {
  if (c.error) return c.failingSince && (c.failures ?? 0) > 1 ? `failing since ${formatMinute(c.failingSince)}` : 'failed';
  const failed = c.skipped.length;
  if (failed > 0) return `partial (${failed} of ${Math.max(c.attempted ?? 0, failed)} pages failed)`;
  return 'ok';
}

/** True when the run read no channel at all: it writes nothing and says so. */
export function everyChannelFailed(channels: ReadonlyArray<{ error?: string | undefined }>): boolean {
  return channels.length > 0 && channels.every((c) => c.error !== undefined);
}
