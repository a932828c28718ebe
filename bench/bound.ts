// The fastest a run could possibly be, given only the network: every request
// costs `latencyMs`, at most `concurrency` are in flight overall and at most
// `perHost` per host, and an article page cannot be asked for before its
// channel's feed has answered. Counted in "rounds" of one latency each.

export interface HostLoad {
  host: string;
  feeds: number;
  pages: number;
}

export interface Bound {
  /** The larger of the two bounds, in rounds. */
  rounds: number;
  ms: number;
  /** Which limit sets the bound. */
  limit: 'concurrency' | 'per-host';
  globalRounds: number;
  perHostRounds: number;
  /** How the bound was computed, for the report. */
  formula: string;
}

export function lowerBound(load: HostLoad[], concurrency: number, perHost: number, latencyMs: number): Bound {
  const total = load.reduce((n, h) => n + h.feeds + h.pages, 0);
  const anyPages = load.some((h) => h.pages > 0);
  // Overall: N requests through C slots, and at least two rounds (feed, then page) when pages are fetched.
  const globalRounds = Math.max(Math.ceil(total / concurrency), anyPages ? 2 : 1);
  // One host: its N_h requests through P slots; its pages wait for a feed, so its
  // first round can only carry feeds (articles live on their feed's host).
  const perHostRounds = Math.max(
    0,
    ...load.map((h) => Math.max(Math.ceil((h.feeds + h.pages) / perHost), (h.feeds > 0 ? 1 : 0) + Math.ceil(h.pages / perHost))),
  );
  const limit = perHostRounds > globalRounds ? 'per-host' : 'concurrency';
  const rounds = Math.max(globalRounds, perHostRounds);
  const formula =
    limit === 'per-host'
      ? `max over hosts of max(ceil(N_h/per-host), 1 + ceil(pages_h/per-host)) = ${perHostRounds} rounds (per-host ${perHost}; overall ceil(${total}/${concurrency}) = ${globalRounds})`
      : `max(ceil(N/concurrency), 2) = ceil(${total}/${concurrency}) = ${globalRounds} rounds (concurrency ${concurrency}; per-host ${perHost} allows ${perHostRounds})`;
  return { rounds, ms: rounds * latencyMs, limit, globalRounds, perHostRounds, formula };
}
