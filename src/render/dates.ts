// Dates are shown in UTC so every run, wherever it runs, writes the same bytes.

function parse(iso: string | undefined): Date | undefined {
  if (iso === undefined) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** `2023-03-21`, or '' when absent or unparsable. */
export function formatDay(iso: string | undefined): string {
  return parse(iso)?.toISOString().slice(0, 10) ?? '';
}

/** `2023-03-21 08:00 UTC`, or ''. */
export function formatMinute(iso: string | undefined): string {
  const d = parse(iso);
  return d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
}

/** RFC 3339 without milliseconds, or undefined. */
export function rfc3339(iso: string | undefined): string | undefined {
  return parse(iso)?.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Milliseconds for sorting; undated sorts last. */
export function timeOf(iso: string | undefined): number {
  return parse(iso)?.getTime() ?? Number.NEGATIVE_INFINITY;
}
