import { posix } from 'node:path';
import { relativeLink } from './paths.js';

// Header, footer and banner Markdown come from the config and are written
// as seen from the repository root (`[首页](README.md)`). A page two folders
// down needs `../../README.md`; absolute URLs stay as they are.

function isRepoRelative(dest: string): boolean {
  return dest !== '' && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(dest) && !/^[#/?]/.test(dest);
}

/** A repo-root-relative link target rewritten for a file at `fromFile`. */
export function rebaseTarget(dest: string, fromFile: string): string {
  if (!isRepoRelative(dest)) return dest;
  const cut = dest.search(/[?#]/);
  const path = cut < 0 ? dest : dest.slice(0, cut);
  const rest = cut < 0 ? '' : dest.slice(cut);
  if (path === '') return dest;
  const normalized = posix.normalize(path);
  const target = path.endsWith('/') && !normalized.endsWith('/') ? `${normalized}/` : normalized;
  if (target.startsWith('../')) return dest; // points outside the repository: leave it alone
  return relativeLink(fromFile, target) + rest;
}

/** Rewrites inline links, images, reference definitions and href/src attributes. */
export function rebaseLinks(markdown: string, fromFile: string): string {
  if (!fromFile.includes('/')) return markdown;
  return markdown
    .replace(/(\]\(\s*)(<[^>\n]*>|[^\s)]+)/g, (_m, open: string, dest: string) => {
      const pointy = dest.startsWith('<');
      const inner = pointy ? dest.slice(1, -1) : dest;
      const out = rebaseTarget(inner, fromFile);
      return open + (pointy ? `<${out}>` : out);
    })
    .replace(/^( {0,3}\[[^\]\n]+\]:[ \t]*)(\S+)/gm, (_m, head: string, dest: string) => head + rebaseTarget(dest, fromFile))
    .replace(/\b(href|src)=(["'])(.*?)\2/g, (_m, attr: string, q: string, dest: string) => `${attr}=${q}${rebaseTarget(dest, fromFile)}${q}`);
}

/** A config Markdown block (header, footer, banner) rebased for `fromFile`: blank lines at its ends dropped, '' when empty. */
export function menuBlock(markdown: string, fromFile: string): string {
  if (markdown.trim() === '') return '';
  return rebaseLinks(markdown.replace(/^(?:[ \t]*\n)+/, '').replace(/(?:\n[ \t]*)+$/, ''), fromFile);
}
