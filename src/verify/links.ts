// The relative links of a Markdown file as GitHub renders it: inline links
// and images, reference definitions, and href/src of raw <a> and <img>.
// Code (fenced blocks, inline spans) is text, not links, so it is skipped.
import { posix } from 'node:path';

/** Link targets as written (destinations, undecoded), absolute URLs and in-page anchors left out. */
export function relativeLinks(markdown: string): string[] {
  const text = withoutCode(markdown);
  const out: string[] = [];
  for (const m of text.matchAll(/(?<!\\)\]\(\s*(<[^>\n]*>|(?:[^\s()\\]|\\.|\([^\s()]*\))*)/g)) {
    const d = m[1]!;
    out.push(d.startsWith('<') ? d.slice(1, -1) : d.replace(/\\(.)/g, '$1'));
  }
  for (const m of text.matchAll(/^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)/gm)) {
    const d = m[1]!;
    out.push(d.startsWith('<') ? d.slice(1, -1) : d);
  }
  for (const m of text.matchAll(/<(?:a|img)\b[^>]*?\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    out.push(decodeEntities(m[1] ?? m[2] ?? m[3] ?? ''));
  }
  return out.map((d) => d.trim()).filter(isRelative);
}

function isRelative(dest: string): boolean {
  return dest !== '' && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(dest) && !dest.startsWith('#') && !dest.startsWith('//');
}

/** Fenced code blocks and inline code spans blanked out. */
function withoutCode(markdown: string): string {
  const lines = markdown.split('\n');
  let fence: string | undefined;
  const kept = lines.map((line) => {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.trim() === m[1]) fence = undefined;
      return '';
    }
    if (m) {
      fence = m[1]!;
      return '';
    }
    return line;
  });
  return kept.join('\n').replace(/(?<!\\)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
}

function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#39|#x27);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" })[e]!);
}

export type Resolved = { path: string; folder: boolean } | { error: string };

/**
 * The repository path a link in `fromFile` leads to, as GitHub resolves it:
 * relative to the file's folder (`/x` from the repository root), query and
 * fragment dropped, percent-escapes decoded.
 */
export function resolveLink(fromFile: string, dest: string): Resolved {
  const cut = dest.search(/[?#]/);
  const raw = cut < 0 ? dest : dest.slice(0, cut);
  if (raw === '') return { path: fromFile, folder: false };
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { error: `bad percent-encoding in ${JSON.stringify(dest)}` };
  }
  const joined = decoded.startsWith('/') ? decoded.slice(1) : posix.join(posix.dirname(fromFile), decoded);
  const path = posix.normalize(joined === '' ? '.' : joined);
  if (path === '..' || path.startsWith('../')) return { error: `${JSON.stringify(dest)} points outside the repository` };
  const folder = decoded.endsWith('/') || path === '.';
  return { path: path.replace(/\/+$/, '') || '.', folder };
}
