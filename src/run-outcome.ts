// Whether a finished run fails the job: the one rule the CLI's exit status and
// the Action's setFailed share, so both tell the same truth.
import type { FailOn } from './config/load.js';
import type { ChannelHealth } from './types.js';

export interface ChannelOutcome {
  id: string;
  error?: string;
  failingSince?: string;
}

/** The channel's failing streak after this run: started or extended by a failure, gone once it reads. */
export function nextHealth(previous: ChannelHealth | undefined, error: string | undefined, now: string): ChannelHealth | undefined {
  if (error === undefined) return undefined;
  return { failures: (previous?.failures ?? 0) + 1, since: previous?.since ?? now, lastError: error };
}

export function formatDuration(ms: number): string {
  const [n, unit] = ms % 86_400_000 === 0 ? [ms / 86_400_000, 'd'] : ms % 3_600_000 === 0 ? [ms / 3_600_000, 'h'] : [Math.round(ms / 60_000), 'm'];
  return `${n}${unit}`;
}

/** Why the job fails, or undefined when it succeeds. */
export function runFailure(channels: ChannelOutcome[], opts: { failOn: FailOn; staleAfterMs: number; now: string }): string | undefined {
  const failed = channels.filter((c) => c.error !== undefined);
  if (failed.length === 0) return undefined;
  const now = Date.parse(opts.now);
  const stale = failed.filter((c) => c.failingSince !== undefined && now - Date.parse(c.failingSince) > opts.staleAfterMs);
  if (stale.length > 0) {
    const list = stale.map((c) => `${c.id} (failing since ${c.failingSince}: ${c.error})`).join('; ');
    return `${stale.length === 1 ? 'a channel has' : `${stale.length} channels have`} been failing for longer than stale-after (${formatDuration(opts.staleAfterMs)}), whatever fail-on says: ${list}. Fix or remove the channel, or raise \`stale-after\``;
  }
  if (opts.failOn === 'never') return undefined;
  if (failed.length === channels.length) {
    return `every channel failed (${failed.map((c) => c.id).join(', ')}), so nothing was written. Set \`fail-on: never\` to let such a run pass`;
  }
  if (opts.failOn === 'any-channel') {
    return `${failed.length} of ${channels.length} channels failed (${failed.map((c) => c.id).join(', ')}); the others were published. \`fail-on: any-channel\` fails the job for that; \`fail-on: all-channels\` fails it only when every channel fails`;
  }
  return undefined;
}
