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

/**
 * Replaces every placeholder pair with `**`/`*` or the HTML tag, innermost
 * first. One left-to-right pass with a stack of open marks: each close mark
 * pairs with the nearest open one, which resolves the pairs in the same order
 * as repeatedly taking the leftmost innermost pair, in linear time on a long
 * flat line (rewriting the whole string per pair was quadratic).
 */
export function resolveEmphasis(md: string): string {
  interface Frame {
    mark: string;
    parts: string[];
  }
  const root: Frame = { mark: '', parts: [] };
  const stack: Frame[] = [root];
  const top = () => stack[stack.length - 1]!;
  const marks = /[\uE001-\uE004]/g;
  let from = 0;
  for (let m = marks.exec(md); m; m = marks.exec(md)) {
    const i = m.index;
    if (i > from) top().parts.push(md.slice(from, i));
    from = i + 1;
    const mark = m[0];
    if (mark === MARK.strongOpen || mark === MARK.emOpen) {
      stack.push({ mark, parts: [] });
      continue;
    }
    if (stack.length === 1) {
      // A close mark with nothing open stays (a neighbour for the pairs next to it) until the end.
      root.parts.push(mark);
      continue;
    }
    const frame = stack.pop()!;
    const parent = top();
    const content = frame.parts.join('');
    const strong = frame.mark === MARK.strongOpen;
    const prev = parent.parts[parent.parts.length - 1];
    const before = prev !== undefined ? lastChar(prev) : parent === root ? undefined : parent.mark;
    const after = firstChar(md.slice(i + 1, i + 3));
    let out: string;
    // An adjacent unresolved mark will become `*`s or a tag; both are
    // punctuation, but `*`s would merge with ours, so use tags next to it.
    const nextToMark = (before !== undefined && ANY_MARK.test(before)) || (after !== undefined && ANY_MARK.test(after));
    if (content.trim() === '') out = content;
    else if (!nextToMark && starsWork(before, content, after)) out = strong ? `**${content}**` : `*${content}*`;
    else out = strong ? `<strong>${content}</strong>` : `<em>${content}</em>`;
    if (out !== '') parent.parts.push(out);
  }
  if (from < md.length) top().parts.push(md.slice(from));
  // Marks left open: their text stays where it was.
  while (stack.length > 1) {
    const frame = stack.pop()!;
    top().parts.push(frame.mark + frame.parts.join(''));
  }
  // Unpaired marks (none expected) must not leak into the page.
  return root.parts.join('').replace(/[\uE001-\uE004]/g, '');
}
