// Small numeric helpers shared by the benchmark sections.

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Rounds for display without trailing noise: 3 significant digits below 100. */
export function round(x: number, digits = 3): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const mag = Math.floor(Math.log10(Math.abs(x)));
  const places = Math.max(0, digits - 1 - mag);
  return Number(x.toFixed(Math.min(places, 6)));
}

export const quietLogger = {
  info: () => {},
  warn: () => {},
  debug: () => {},
  group: <T>(_name: string, fn: () => Promise<T>) => fn(),
};

/** Rejects when `p` takes longer than `ms`: every benchmark step is bounded in time. */
export async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([p, limit]);
  } finally {
    clearTimeout(timer);
  }
}
