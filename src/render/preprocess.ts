import domino from '@mixmark-io/domino';
import { joinCjkBreaks } from './cjk.js';

// What turndown cannot be told through rules is done here on the parsed
// HTML: dropping non-text elements, normalising figure markup, and removing
// the line breaks between CJK characters before turndown turns them into spaces.
// The body is parsed once, by the parser turndown itself uses (domino), and
// turndown converts this DOM: a second parse cost about 1 ms per article.

/** Elements whose text is never article text. */
export const DROPPED = ['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'canvas'];

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'html', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'tr', 'ul', 'br', 'img', 'video', 'audio', 'textarea',
]);

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/**
 * Where each parsed body is moved as soon as it is parsed. domino's parser
 * keeps its state, the document it builds included, in a closure that V8
 * allocates straight into the old generation; everything that document held
 * then outlived every young-generation collection, so each body's whole tree
 * became old garbage (a third of what a render allocated, and what made a
 * run's memory grow with its articles). Moved here, a body's nodes are held by
 * the render alone and die young. Nodes outside a document's tree are not
 * registered with it, so this document holds none of them.
 */
const HOME = domino.createDocument('<!DOCTYPE html>', true);

/**
 * The body parsed and prepared for turndown, inside the element turndown
 * wraps a string in. The doctype keeps the parser out of quirks mode, as
 * the HTML5 fragment parser the renderer used before was (a <table> closes
 * an open <p>), and the <wbr> before it makes the parser ignore a stray
 * <frameset> (which would replace the body) as that parser did.
 */
export function preprocessHtml(html: string): HTMLElement {
  const doc = domino.createDocument(`<!DOCTYPE html><wbr><x-turndown id="turndown-root">${html}</x-turndown>`);
  const root = HOME.adoptNode(doc.getElementById('turndown-root') ?? doc.createElement('x-turndown'));
  for (const el of Array.from(root.querySelectorAll(DROPPED.join(',')))) el.remove();
  // Code is taken as text, where a <br> would vanish and join two lines into one.
  for (const br of Array.from(root.querySelectorAll('pre br'))) br.replaceWith(root.ownerDocument.createTextNode('\n'));
  // Turndown fences only <pre><code>; a bare <pre> would become a paragraph whose lines Markdown joins.
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    const nodes = Array.from(pre.childNodes);
    if (nodes.length === 1 && nodes[0]!.nodeType === ELEMENT_NODE && (nodes[0] as Element).localName === 'code') continue;
    if (nodes.length === 0) continue;
    const code = root.ownerDocument.createElement('code');
    for (const n of nodes) code.appendChild(n);
    pre.appendChild(code);
  }
  // WordPress-style captioned images are figures in all but name.
  for (const el of elementsWithClass(root, 'wp-caption')) if (el.localName === 'div') rename(el, 'figure');
  for (const el of elementsWithClass(root, 'wp-caption-text')) if (el.parentElement?.closest('figure')) rename(el, 'figcaption');
  // "image then caption": the caption goes last whatever the source order.
  for (const fig of Array.from(root.querySelectorAll('figure'))) {
    const cap = Array.from(fig.children).find((c) => c.localName === 'figcaption');
    if (cap) fig.appendChild(cap);
  }
  stripMarks(root);
  // Removals leave text nodes side by side; a parser never makes those, and turndown escapes per node.
  root.normalize();
  fixCjkBreaks(root);
  return root;
}

/** Class names match case-sensitively, as they did in the selector engine used before (quirks mode would not). */
function elementsWithClass(root: Element, name: string): Element[] {
  return Array.from(root.querySelectorAll('[class]')).filter((el) => el.classList.contains(name));
}

/** Gives an element another tag name: a new element with its attributes and children, in its place. */
function rename(el: Element, tag: string): void {
  const to = el.ownerDocument.createElement(tag);
  for (const a of Array.from(el.attributes)) to.setAttribute(a.name, a.value);
  while (el.firstChild) to.appendChild(el.firstChild);
  el.replaceWith(to);
}

/** The converter's emphasis placeholders must not come from the input. */
function stripMarks(node: Node): void {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === TEXT_NODE) {
      const data = (c as Text).data;
      if (/[\uE000-\uE00F]/.test(data)) (c as Text).data = data.replace(/[\uE000-\uE00F]/g, '');
    } else if (c.nodeType === ELEMENT_NODE) stripMarks(c);
  }
}

/** Collects the text nodes of each inline flow (split at block boundaries) and fixes each flow. */
function fixCjkBreaks(root: Node): void {
  let flow: Text[] = [];
  const flush = () => {
    if (flow.length > 1 || (flow.length === 1 && /[\n\r]/.test(flow[0]!.data))) {
      const fixed = joinCjkBreaks(flow.map((t) => t.data));
      flow.forEach((t, i) => {
        if (t.data !== fixed[i]) t.data = fixed[i]!;
      });
    }
    flow = [];
  };
  const walk = (node: Node) => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === TEXT_NODE) flow.push(c as Text);
      else if (c.nodeType === ELEMENT_NODE) {
        const name = (c as Element).localName.toLowerCase();
        if (name === 'pre' || name === 'textarea' || name === 'code') {
          flush();
          continue;
        }
        if (BLOCK.has(name)) {
          flush();
          walk(c);
          flush();
        } else walk(c);
      }
    }
  };
  walk(root);
  flush();
}
