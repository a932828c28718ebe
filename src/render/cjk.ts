// Line breaks inside HTML paragraphs are whitespace, and turndown turns them
// into spaces. Between Chinese characters a browser shows no space there
// (CSS Text 3, segment break transformation), so neither may the mirror.

const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u2E80-\u2FFF\u3000-\u303F\u3200-\u33FF\uFE30-\uFE4F\uFF00-\uFFEF]/u;
// East-Asian-ambiguous punctuation that Chinese text uses as its own.
const AMBIGUOUS = /[“”‘’…—–·•]/u;

export function isWide(c: string | undefined): boolean {
  return c !== undefined && WIDE.test(c);
}

/** Whether a whitespace run holding a line break between `a` and `b` should vanish. */
export function dropsBreakBetween(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const aw = isWide(a);
  const bw = isWide(b);
  return (aw && bw) || (aw && AMBIGUOUS.test(b)) || (bw && AMBIGUOUS.test(a));
}

/**
 * Given the texts of consecutive inline text nodes (one flow of a block),
 * returns them with every line-breaking whitespace run removed where both
 * neighbours are CJK. Runs may span node boundaries.
 */
export function joinCjkBreaks(texts: string[]): string[] {
  const all = texts.join('');
  const drop = new Uint8Array(all.length);
  let any = false;
  for (const m of all.matchAll(/[ \t\n\r\f]+/g)) {
    if (!/[\n\r]/.test(m[0])) continue;
    const start = m.index;
    const end = start + m[0].length;
    const before = start > 0 ? Array.from(all.slice(Math.max(0, start - 2), start)).pop() : undefined;
    const after = end < all.length ? String.fromCodePoint(all.codePointAt(end)!) : undefined;
    if (dropsBreakBetween(before, after)) {
      drop.fill(1, start, end);
      any = true;
    }
  }
  if (!any) return texts;
  const out: string[] = [];
  let offset = 0;
  for (const t of texts) {
    let kept = '';
    for (let i = 0; i < t.length; i++) if (!drop[offset + i]) kept += t[i];
    out.push(kept);
    offset += t.length;
  }
  return out;
}
