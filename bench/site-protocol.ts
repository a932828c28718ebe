// Messages between the benchmark and its site process (site-server.ts).

export interface SiteLog {
  requests: number;
  feeds: number;
  articles: number;
  /** Anything else (404s): a sign the pipeline asked for something it should not. */
  other: number;
  /** Requests per Host header (host:port). */
  byHost: Record<string, number>;
}

export type SiteRequest =
  | { id: number; op: 'set'; latencyMs?: number; feeds?: Record<string, { first: number; count: number }>; files?: Record<string, string> }
  | { id: number; op: 'log' }
  | { id: number; op: 'reset' };

export type SiteReply = { id: number; op: 'ready'; origins: string[] } | { id: number; op: 'ok' } | { id: number; op: 'log'; log: SiteLog };
