// Durations as a maintainer writes them in YAML or an input: "3d", "72h", "90m".

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds, or undefined when `text` is not a whole number followed by m, h or d. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d{1,6})\s*([mhd])\s*$/i.exec(text);
  if (!m) return undefined;
  const ms = Number(m[1]) * UNITS[m[2]!.toLowerCase()]!;
  return ms > 0 ? ms : undefined;
}

export const DURATION_HINT = 'a duration such as "3d", "72h" or "90m"';
