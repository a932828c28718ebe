// Shared DOM plumbing for the articles stage. Everything parses with
// htmlparser2 (through cheerio) rather than parse5: parse5 is quadratic on
// deeply nested input (100,000 nested divs take over a minute), htmlparser2 is
// linear. The serializer and later stages (turndown) recurse per level, so
// deep trees are flattened right after parsing.
import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Document, Element, ParentNode } from 'domhandler';

/** Nesting deeper than this is hostile or broken; real articles stay far below. */
export const MAX_DEPTH = 120;

const PARSE_OPTIONS = { xml: { xmlMode: false, decodeEntities: true, encodeEntities: 'utf8' as const } };

/** Parses an HTML fragment (or a whole page) and bounds its depth. */
export function loadHtml(html: string): CheerioAPI {
  const $ = cheerio.load(html, PARSE_OPTIONS, false);
  flattenDeep(rootOf($));
  return $;
}

/** The document node of a loaded fragment. */
export function rootOf($: CheerioAPI): Document {
  return $.root()[0]!;
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
      const keep = nodesOf(node).filter((n) => n.type === 'text' || (isElement(n) && (n.name === 'img' || n.name === 'br')));
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

function setChildren(parent: Element, children: AnyNode[]): void {
  children.forEach((c, i) => {
    c.parent = parent;
    c.prev = children[i - 1] ?? null;
    c.next = children[i + 1] ?? null;
  });
  parent.children = children;
}

/** Serializes a fragment as UTF-8 HTML. */
export function htmlOf($: CheerioAPI): string {
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
