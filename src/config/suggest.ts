// "Did you mean …?" for a mistyped config key.

/** The allowed word closest to `word`, when it is close enough to be the one meant. */
export function closest(word: string, allowed: readonly string[]): string | undefined {
  const w = normalize(word);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const a of allowed) {
    const d = editDistance(w, normalize(a));
    if (d < bestDistance) {
      best = a;
      bestDistance = d;
    }
  }
  // A third of the word may be wrong: `retension` → `retention`, `exclude_title` → `exclude-titles`.
  return bestDistance <= Math.max(2, Math.floor(w.length / 3)) ? best : undefined;
}

// `excludeTitles`, `Exclude_Titles` and `exclude-titles` are the same key to a reader.
function normalize(s: string): string {
  return s.toLowerCase().replace(/_/g, '-');
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
