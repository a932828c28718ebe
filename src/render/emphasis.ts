// CommonMark only turns `**` / `*` into emphasis when the delimiter run is
// "flanking" (spec 6.2). Chinese text breaks that often: `**“重点”**后文`
// has a closing run preceded by punctuation and followed by a letter, so
// GitHub shows the asterisks. The converter emits placeholder marks and
// picks, per pair, `**`/`*` where the rules hold and <strong>/<em> where not.

export const MARK = {
  strongOpen: '\uE001',
  strongClose: '\uE002',
  emOpen: '\uE003',
  emClose: '\uE004',
} as const;

const ANY_MARK = /[\uE001-\uE004]/;

const WHITESPACE = /[\s\p{Zs}]/u;
// cmark-gfm counts only P* as punctuation; CommonMark 0.31 also counts S*.
// Emphasis must hold under both, so both are checked.
const PUNCT_P = /[\p{P}!-/:-@[-`{-~]/u;
const PUNCT_PS = /[\p{P}\p{S}]/u;

type Ch = string | undefined;

function isSpace(c: Ch): boolean {
  return c === undefined || c === '\n' || WHITESPACE.test(c);
}

function flanking(before: Ch, after: Ch, side: 'left' | 'right', punct: RegExp): boolean {
  const isP = (c: Ch) => c !== undefined && punct.test(c);
  const [inner, outer] = side === 'left' ? [after, before] : [before, after];
  if (isSpace(inner)) return false;
  if (!isP(inner)) return true;
  return isSpace(outer) || isP(outer);
}

/** Left-flanking under both punctuation definitions (undefined = line edge). */
export function isLeftFlanking(before: Ch, after: Ch): boolean {
  return flanking(before, after, 'left', PUNCT_P) && flanking(before, after, 'left', PUNCT_PS);
}

export function isRightFlanking(before: Ch, after: Ch): boolean {
  return flanking(before, after, 'right', PUNCT_P) && flanking(before, after, 'right', PUNCT_PS);
}

/**
 * Whether `before` + `**content**` + `after` renders as emphasis: the opening
 * run can open and the closing run can close (for `*`, flanking suffices).
 */
export function starsWork(before: Ch, content: string, after: Ch): boolean {
  if (content === '') return false;
  const first = firstChar(content);
  const last = lastChar(content);
  // A neighbouring `*` would merge into the run and change its length.
  if (before === '*' || after === '*' || first === '*' || last === '*') return false;
  return isLeftFlanking(before, first) && isRightFlanking(last, after);
}

function firstChar(s: string): Ch {
  return s.length === 0 ? undefined : String.fromCodePoint(s.codePointAt(0)!);
}

function lastChar(s: string): Ch {
  if (s.length === 0) return undefined;
  const a = Array.from(s.slice(-2));
  return a[a.length - 1];
}

/** Replaces every placeholder pair with `**`/`*` or the HTML tag, innermost first. */
export function resolveEmphasis(md: string): string {
  const pair = /([\uE001\uE003])([^\uE001-\uE004]*)([\uE002\uE004])/;
  let s = md;
  for (let m = pair.exec(s); m; m = pair.exec(s)) {
    const strong = m[1] === MARK.strongOpen;
    const content = m[2]!;
    const start = m.index;
    const end = start + m[0].length;
    const before = neighbour(s, start - 1, -1);
    const after = neighbour(s, end, 1);
    let out: string;
    // An adjacent unresolved mark will become `*`s or a tag; both are
    // punctuation, but `*`s would merge with ours, so use tags next to it.
    const nextToMark = (before !== undefined && ANY_MARK.test(before)) || (after !== undefined && ANY_MARK.test(after));
    if (content.trim() === '') out = content;
    else if (!nextToMark && starsWork(before, content, after)) out = strong ? `**${content}**` : `*${content}*`;
    else out = strong ? `<strong>${content}</strong>` : `<em>${content}</em>`;
    s = s.slice(0, start) + out + s.slice(end);
  }
  // Unpaired marks (none expected) must not leak into the page.
  return s.replace(/[\uE001-\uE004]/g, '');
}

function neighbour(s: string, i: number, dir: 1 | -1): Ch {
  if (i < 0 || i >= s.length) return undefined;
  if (dir === -1) return lastChar(s.slice(Math.max(0, i - 1), i + 1));
  return firstChar(s.slice(i, i + 2));
}
