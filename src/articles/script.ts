// Chinese script conversion (OpenCC): many sources publish only in
// Traditional Chinese while the mirror's readers read Simplified, or the
// reverse. Only text a reader reads is converted: text nodes, and the alt and
// title attributes; never URLs (they would stop resolving) nor code.
import type { ConverterFunction } from 'opencc-js/core';
import type { AnyNode } from 'domhandler';
import type { Article } from '../types.js';
import { htmlOf, isElement, loadHtml, rootOf } from './dom.js';

export type ScriptConversion = 't2s' | 's2t' | 'tw2sp' | 's2twp';

// OpenCC's locale pairs: 't' is OpenCC's standard Traditional, 'cn' mainland
// Simplified, 'twp' Taiwan Traditional with Taiwan phrases (計程車 ↔ 出租车).
const LOCALES: Record<ScriptConversion, { from: string; to: string; preset: 't2cn' | 'cn2t' }> = {
  t2s: { from: 't', to: 'cn', preset: 't2cn' },
  s2t: { from: 'cn', to: 't', preset: 'cn2t' },
  tw2sp: { from: 'twp', to: 'cn', preset: 't2cn' },
  s2twp: { from: 'cn', to: 'twp', preset: 'cn2t' },
};

// Building a converter loads its dictionaries into a trie (tens of ms); one per mode per process.
// The dictionaries (1.2 MB of code) are imported only by a run that converts:
// the bundle keeps them in a chunk of their own, which other runs never load.
const converters = new Map<ScriptConversion, Promise<ConverterFunction>>();

export function scriptConverter(mode: ScriptConversion): Promise<ConverterFunction> {
  let c = converters.get(mode);
  if (!c) {
    const { from, to, preset } = LOCALES[mode];
    const dictionaries = preset === 't2cn' ? import('opencc-js/preset/t2cn') : import('opencc-js/preset/cn2t');
    c = Promise.all([import('opencc-js/core'), dictionaries]).then(([core, dict]) => core.ConverterBuilder(dict)({ from, to }));
    converters.set(mode, c);
  }
  return c;
}

/** Elements whose text is code or otherwise verbatim. */
const VERBATIM = new Set(['code', 'pre', 'kbd', 'samp', 'tt', 'var', 'script', 'style', 'textarea']);
const TEXT_ATTRS = ['alt', 'title'];

/** An HTML fragment with its readable text converted; markup, URLs and code untouched. */
export function convertHtml(html: string, convert: ConverterFunction): string {
  const $ = loadHtml(html);
  // Recursion is safe: loadHtml bounds the depth (dom.ts).
  const walk = (nodes: AnyNode[]) => {
    for (const node of nodes) {
      if (node.type === 'text') node.data = convert(node.data);
      else if (isElement(node) && !VERBATIM.has(node.name)) {
        for (const a of TEXT_ATTRS) if (node.attribs[a] !== undefined) node.attribs[a] = convert(node.attribs[a]);
        walk(node.children);
      }
    }
  };
  walk(rootOf($).children);
  return htmlOf($);
}

/** The article with its title, body, lead caption and alt in the target script; its URLs as they were. */
export async function convertArticle(a: Article, mode: ScriptConversion | undefined): Promise<Article> {
  if (!mode) return a;
  const convert = await scriptConverter(mode);
  const out: Article = { ...a, title: convert(a.title), html: convertHtml(a.html, convert) };
  if (a.lead) {
    out.lead = { src: a.lead.src };
    if (a.lead.caption !== undefined) out.lead.caption = convert(a.lead.caption);
    if (a.lead.alt !== undefined) out.lead.alt = convert(a.lead.alt);
  }
  return out;
}
