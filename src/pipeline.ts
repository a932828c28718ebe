import type { Config } from './config/load.js';
import type { Publisher, PublishMessage, PublishResult } from './publish/publisher.js';
import type { Logger } from './types.js';

export interface RunOptions {
  config: Config;
  publisher: Publisher;
  logger: Logger;
  /** Public URL prefix of repository files, e.g. https://github.com/o/r/blob/main (config's site.base-url wins). */
  baseUrl: string;
  /** Handle only channels whose stable shard is `index` of `total` (1-based index). */
  shard?: { index: number; total: number };
  /** Attempts when the branch moves under the run. */
  maxAttempts?: number;
}

export interface ChannelSummary {
  id: string;
  title: string;
  new: number;
  removed: number;
  skipped: Array<{ url: string; reason: string }>;
  /** Set when the whole channel failed (feed unreachable, unparsable...). */
  error?: string;
}

export interface RunSummary {
  newArticles: number;
  added: string[];
  changed: string[];
  deleted: string[];
  channels: ChannelSummary[];
  warnings: string[];
  message: PublishMessage;
  /** Undefined when the plan was empty (nothing written). */
  publish?: PublishResult;
  attempts: number;
}

export async function runPipeline(_opts: RunOptions): Promise<RunSummary> {
  throw new Error('not implemented yet');
}
