// Shared DOM plumbing for the articles stage. Everything parses with
// htmlparser2 (through cheerio) rather than parse5: parse5 is quadratic on
// deeply nested input (100,000 nested divs take over a minute), htmlparser2 is
// linear. The serializer and later stages (turndown) recurse per level, so
// deep trees are flattened right after parsing.
import * as cheerio from 'cheerio';
import type { BasicAcceptedElems, Cheerio, SelectorType } from 'cheerio';
import type { AnyNode, Document, Element, ParentNode } from 'domhandler';
import { parseDocument } from 'htmlparser2';

/** Nesting deeper than this is hostile or broken; real articles stay far below. */
export const MAX_DEPTH = 120;

/** How htmlparser2 parses every document. */
const PARSER_OPTIONS = { xmlMode: false, decodeEntities: true };
/** The same for cheerio (htmlparser2, not parse5), which also serializes non-ASCII as UTF-8, not entities. */
const PARSE_OPTIONS = { xml: { ...PARSER_OPTIONS, encodeEntities: 'utf8' as const } };

/**
 * One cheerio for the process, querying whichever document it is given.
 * cheerio.load() declares a class per call: every document parsed that way
 * brought its own class, prototype and object shapes, and what V8 keeps of
 * them outlived the young generation, so a run's garbage piled up in the old
 * generation (and its peak memory grew with the number of articles).
 */
const QUERY = cheerio.load('', PARSE_OPTIONS, false);

/**
 * A parsed fragment and the part of cheerio's API the stage uses on it:
 * `$(selector)` and `$(node)` within the fragment, `$.root()`, `$.html()`.
 * (Chained results query from the fragment's nodes as ever; only `:root` in
 * a selector run on them would not mean the fragment.)
 */
export interface Html {
  <T extends AnyNode = AnyNode, S extends string = string>(selector?: S | BasicAcceptedElems<T>, context?: BasicAcceptedElems<AnyNode> | null): Cheerio<S extends SelectorType ? Element : T>;
  /** The fragment's document node, wrapped. */
  root(): Cheerio<Document>;
  /** Serializes `nodes` (the whole fragment without them) as UTF-8 HTML. */
  html(nodes?: BasicAcceptedElems<AnyNode>): string;
}

/** Parses an HTML fragment (or a whole page) and bounds its depth. */
export function loadHtml(html: string): Html {
  const doc = parseDocument(capMarkup(html), PARSER_OPTIONS);
  flattenDeep(doc);
  const $ = ((selector?: BasicAcceptedElems<AnyNode>, context?: BasicAcceptedElems<AnyNode> | null) => QUERY(selector, context, doc)) as Html;
  $.root = () => QUERY(doc, null, doc);
  $.html = (nodes) => QUERY.html(nodes ?? doc.children);
  return $;
}

/** The document node of a loaded fragment. */
export function rootOf($: Html): Document {
  return $.root()[0]!;
}

/** Beyond this estimated depth, tags are dropped before parsing (their text stays). */
const LEXICAL_DEPTH_LIMIT = 2_000;
/** Attributes kept on one element; real markup stays far below (the rest is dropped before parsing). */
export const MAX_ATTRIBUTES = 100;
/** Below this length a tag cannot hold more than MAX_ATTRIBUTES attributes, so it is not looked into. */
const SHORT_TAG = (MAX_ATTRIBUTES + 1) * 2;
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^>]*)?>/g;
/** One attribute inside a tag: name, then an optional quoted or bare value. */
const ATTRIBUTE = /[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;
/** Void elements, and elements pages routinely leave unclosed: they do not nest. */
const NOT_NESTING = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'param',
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'thead', 'tbody', 'tfoot', 'colgroup', 'rt', 'rp',
]);

/** Elements whose content htmlparser2 reads as text, not tags. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);

/**
 * htmlparser2 keeps its open-element stack with Array.unshift, so parsing is
 * quadratic in nesting depth (100,000 nested divs: 5 s; a million, under a
 * 5 MB size cap: minutes), and every later pass pays per attribute (a million
 * attributes on one element took 25 s and 1 GB). A linear lexical pass first
 * drops the tags nested past LEXICAL_DEPTH_LIMIT and the attributes past
 * MAX_ATTRIBUTES on one element. It is approximate (a `>` inside an attribute
 * value, tags inside comments), which is harmless: it only removes tag markup,
 * and only on input no real page comes close to.
 */
export function capMarkup(html: string): string {
  if (html.length < LEXICAL_DEPTH_LIMIT * 4) return html;
  const dropped: boolean[] = [];
  let depth = 0;
  let changed = false;
  const parts: string[] = [];
  let last = 0;
  const tag = new RegExp(TAG.source, 'g');
  const replace = (m: RegExpExecArray, by: string) => {
    parts.push(html.slice(last, m.index), by);
    last = m.index + m[0].length;
    changed = true;
  };
  for (let m = tag.exec(html); m !== null; m = tag.exec(html)) {
    const name = m[2]!.toLowerCase();
    const capped = !m[1] && m[0].length > SHORT_TAG ? capAttributes(m[0], name) : undefined;
    if (RAW_TEXT.has(name) && !m[1]) {
      if (capped !== undefined) replace(m, capped);
      // Kept whole, content skipped: dropping a <script> tag would turn its code into text.
      const close = new RegExp(`</${name}`, 'ig');
      close.lastIndex = tag.lastIndex;
      const end = close.exec(html);
      tag.lastIndex = end ? end.index + name.length + 2 : html.length;
      continue;
    }
    if (NOT_NESTING.has(name) || m[0].endsWith('/>')) {
      if (capped !== undefined) replace(m, capped);
      continue;
    }
    let drop: boolean;
    if (m[1]) {
      if (dropped.length === 0) continue;
      drop = dropped.pop()!;
      if (!drop) depth--;
    } else {
      drop = depth >= LEXICAL_DEPTH_LIMIT;
      dropped.push(drop);
      if (!drop) depth++;
    }
    if (drop) replace(m, '');
    else if (capped !== undefined) replace(m, capped);
  }
  if (!changed) return html;
  parts.push(html.slice(last));
  return parts.join('');
}

/** The tag with its first MAX_ATTRIBUTES attributes; undefined when it has no more than that. */
function capAttributes(tagText: string, name: string): string | undefined {
  const inner = tagText.slice(name.length + 1, tagText.endsWith('/>') ? -2 : -1);
  const attribute = new RegExp(ATTRIBUTE.source, 'g');
  const kept: string[] = [];
  for (let a = attribute.exec(inner); a !== null; a = attribute.exec(inner)) {
    if (kept.length === MAX_ATTRIBUTES) return `<${name} ${kept.join(' ')}${tagText.endsWith('/>') ? '/>' : '>'}`;
    kept.push(a[0]);
  }
  return undefined;
}

export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** All elements under `root` in document order, without recursion. */
export function elementsOf(root: ParentNode): Element[] {
  const out: Element[] = [];
  const stack: AnyNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/** Every node under `root` (elements, text, comments) in document order. */
export function nodesOf(root: ParentNode): AnyNode[] {
  const out: AnyNode[] = [];
  const stack: AnyNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.push(node);
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/**
 * Elements at MAX_DEPTH lose their element structure: their subtree is
 * replaced by its text and images, in order. Only hostile or broken markup
 * gets there, and the text survives.
 */
function flattenDeep(root: ParentNode): void {
  const stack: Array<[AnyNode, number]> = root.children.map((c) => [c, 1]);
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isElement(node)) continue;
    if (depth >= MAX_DEPTH) {
      const keep = flatContent(node);
      for (const n of keep) {
        if ('children' in n) n.children = [];
        n.prev = null;
        n.next = null;
      }
      setChildren(node, keep);
      continue;
    }
    for (const c of node.children) stack.push([c, depth + 1]);
  }
}

/** Elements whose text is not content (code, styles, markup kept as text). */
const NOT_TEXT = new Set(['script', 'style', 'template', 'noscript', 'svg', 'math', 'textarea', 'title', 'iframe', 'object', 'select']);

/** The text nodes and images of a subtree, in order, skipping non-content elements. */
function flatContent(root: Element): AnyNode[] {
  const out: AnyNode[] = [];
  const stack: AnyNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'text') out.push(node);
    if (!isElement(node) || NOT_TEXT.has(node.name)) continue;
    if (node.name === 'img' || node.name === 'br') out.push(node);
    else for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

function setChildren(parent: ParentNode, children: AnyNode[]): void {
  children.forEach((c, i) => {
    c.parent = parent;
    c.prev = children[i - 1] ?? null;
    c.next = children[i + 1] ?? null;
  });
  parent.children = children;
}

export type Decision = 'keep' | 'remove' | 'unwrap';

/**
 * Removes or unwraps (replaces by their children) the nodes `decide` says, in
 * one pass. Cheerio's remove/replaceWith splice the parent's child list one
 * node at a time, which is quadratic on pages with many siblings (a 10 MB line
 * of links took 20 s); this rebuilds each child list once. Children of an
 * unwrapped node are decided in turn; removed subtrees are not visited.
 */
export function rebuild(root: ParentNode, decide: (node: AnyNode) => Decision): void {
  const parents: ParentNode[] = [root];
  while (parents.length > 0) {
    const parent = parents.pop()!;
    const kept: AnyNode[] = [];
    const pending: AnyNode[] = [...parent.children].reverse();
    while (pending.length > 0) {
      const node = pending.pop()!;
      const decision = decide(node);
      if (decision === 'remove') {
        node.parent = node.prev = node.next = null;
        continue;
      }
      if (decision === 'unwrap' && 'children' in node) {
        for (let i = node.children.length - 1; i >= 0; i--) pending.push(node.children[i]!);
        continue;
      }
      kept.push(node);
      if ('children' in node && node.children.length > 0) parents.push(node);
    }
    setChildren(parent, kept);
  }
}

/** Removes every element matching one of `selectors`; `label` names the config key in errors. */
export function removeMatching($: Html, selectors: string[], label: string): void {
  const doomed = new Set<AnyNode>();
  for (const selector of selectors) {
    try {
      for (const el of $(selector).toArray()) doomed.add(el);
    } catch (e) {
      throw new Error(`${label}: invalid CSS selector "${selector}": ${(e as Error).message}`);
    }
  }
  if (doomed.size > 0) rebuild(rootOf($), (n) => (doomed.has(n) ? 'remove' : 'keep'));
}

/** Serializes a fragment as UTF-8 HTML. */
export function htmlOf($: Html): string {
  return $.html().trim();
}

/** The text of a node, whitespace collapsed, without recursion. */
export function textOf(node: AnyNode): string {
  if (node.type === 'text') return node.data;
  if (!('children' in node)) return '';
  return nodesOf(node)
    .map((n) => (n.type === 'text' ? n.data : ''))
    .join('');
}

/** Resolves `value` against `base`; undefined when it is not a URL at all. */
export function resolveUrl(value: string, base: string): URL | undefined {
  try {
    return new URL(value.trim(), base);
  } catch {
    return undefined;
  }
}
