// CSS selectors from the config are compiled when the config loads, by the
// same engine that runs them later (cheerio → css-select → css-what), so a
// typo fails the run at once instead of leaving a channel silently empty.
import { loadHtml } from '../articles/dom.js';

const probe = loadHtml('<p></p>');
/** Each selector is compiled once per process: the config checks it, and so does each listing page read. */
const checked = new Map<string, string | undefined>();

/** Why `selector` cannot be used, or undefined when it compiles. */
export function selectorProblem(selector: string): string | undefined {
  if (!checked.has(selector)) checked.set(selector, compileProblem(selector));
  return checked.get(selector);
}

function compileProblem(selector: string): string | undefined {
  // cheerio reads "<div>" as HTML to create, which would select nothing.
  if (/^\s*</.test(selector)) return 'this is HTML, not a selector: name the element without angle brackets, e.g. "div.post"';
  try {
    // find() compiles the selector even where nothing can match, and never reads it as HTML as $(…) would.
    probe.root().find(selector);
    probe.root().is(selector);
    return undefined;
  } catch (e) {
    return readable((e as Error).message);
  }
}

function readable(message: string): string {
  const m = message
    .replace(/found\s*$/, 'found the end of the selector')
    .replace(/ by css-select/, '')
    .replace(/\.$/, '');
  return m.charAt(0).toLowerCase() + m.slice(1);
}
