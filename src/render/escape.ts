// Escaping for the three contexts rendered files mix: Markdown text, HTML
// text inside raw-HTML blocks, and HTML attribute values.

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** For attribute values in either quote style. */
export function escapeAttr(s: string): string {
  return escapeHtml(s).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const PUNCT_OR_SPACE = /[\s\p{P}\p{S}]/u;

/**
 * Escapes text so Markdown shows it literally, and no more than that:
 * digits followed by a dot are only escaped where they would start a list.
 * `atLineStart` says the text begins a line (block markers matter there).
 */
export function escapeMarkdownText(text: string, atLineStart = true): string {
  let s = text
    .replace(/[\\`*[\]~]/g, '\\$&')
    // An inline HTML tag or autolink would be swallowed by the renderer.
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    // "&amp;" written out in the source must not turn into "&".
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    // Intraword "_" never makes emphasis; elsewhere it could.
    .replace(/_/g, (m, i: number, all: string) => {
      const before = all[i - 1];
      const after = all[i + 1];
      const intraword = before !== undefined && after !== undefined && !PUNCT_OR_SPACE.test(before) && !PUNCT_OR_SPACE.test(after);
      return intraword ? m : '\\_';
    });
  if (atLineStart) {
    s = s
      .replace(/^(\s{0,3})(#{1,6})(?=\s|$)/, '$1\\$2')
      .replace(/^(\s{0,3})>/, '$1\\>')
      .replace(/^(\s{0,3})([-+])(?=\s|$)/, '$1\\$2')
      .replace(/^(\s{0,3})(\d{1,9})([.)])(?=\s|$)/, '$1$2\\$3')
      // Setext underline or thematic break.
      .replace(/^(\s{0,3})([=-])(?=[=\-\s]*$)/, '$1\\$2');
  }
  return s;
}

/** Markdown text on one line (titles, list items): whitespace collapsed, then escaped. */
export function escapeInline(text: string): string {
  const s = escapeMarkdownText(collapseSpaces(text));
  // A trailing " #" would be read as an ATX heading's closing sequence.
  return s.replace(/(\s)(#+)$/, '$1\\$2');
}

export function collapseSpaces(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** A link destination that survives any character the URL holds. */
export function linkDestination(url: string): string {
  const u = url.replace(/[\\<>\n\r]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return /[\s()]/.test(u) ? `<${u}>` : u;
}
