// Article ids become file names (`pages/<channel>/<id>.md`), so whatever a feed
// puts in a URL, the id must stay a plain, short, portable file name.
import { createHash } from 'node:crypto';

const SAFE_ID = /^[A-Za-z0-9_-]{1,80}$/;
const MAX_LEN = 80;

/** Query parameters that commonly carry an article number (`/article.php?id=42`). */
const ID_PARAMS = [
  'id', 'aid', 'articleid', 'article_id', 'newsid', 'news_id', 'storyid', 'story_id',
  'docid', 'doc_id', 'postid', 'post_id', 'nid', 'pid', 'itemid', 'item_id', 'p',
];
const SIMPLE_TOKEN = /^[A-Za-z0-9_-]{1,40}$/;

/** Names Windows refuses as file names whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** True when `id` is usable as a file name in a channel folder. */
export function isSafeId(id: string): boolean {
  return SAFE_ID.test(id) && !RESERVED.test(id);
}

/**
 * The id of the article at `url`: the last non-empty path segment without its
 * extension (`/gb/23/3/21/n13954919.htm` -> `n13954919`), plus the value of an
 * id-like query parameter when there is one (`/article.php?id=42` ->
 * `article-42`), reduced to `[A-Za-z0-9_-]` (other runs become `-`), at most 80
 * characters. When that is empty, a reserved device name, or already in `taken`
 * (compared case-insensitively, for case-insensitive file systems), the id is
 * `h` + the first 12 hex digits of sha1(url).
 */
export function articleId(url: string, taken: ReadonlySet<string>): string {
  const isTaken = takenTest(taken);
  const fromUrl = idFromUrl(url);
  if (fromUrl && isSafeId(fromUrl) && !isTaken(fromUrl)) return fromUrl;
  for (let n = 0; ; n++) {
    const h = 'h' + sha1(n === 0 ? url : `${url}#${n}`).slice(0, 12);
    if (!isTaken(h)) return h;
  }
}

function takenTest(taken: ReadonlySet<string>): (id: string) => boolean {
  let lower: Set<string> | undefined;
  return (id) => {
    if (taken.has(id)) return true;
    lower ??= new Set([...taken].map((t) => t.toLowerCase()));
    return lower.has(id.toLowerCase());
  };
}

function idFromUrl(url: string): string {
  let path = url;
  let params: URLSearchParams | undefined;
  try {
    const u = new URL(url);
    path = u.pathname;
    params = u.searchParams;
  } catch {
    // Not a URL: treat the whole string as a path; the reduction below makes it safe.
  }
  const segments = path.split(/[/\\]+/).map(decodeSegment).filter((s) => s.trim() !== '');
  const last = segments.at(-1) ?? '';
  const stem = reduce(last.replace(/\.[A-Za-z0-9]{1,6}$/, ''));
  const param = params ? idParam(params) : undefined;
  if (param) return truncate(stem ? `${stem}-${param.value}` : `${param.name}-${param.value}`);
  return truncate(stem);
}

function idParam(params: URLSearchParams): { name: string; value: string } | undefined {
  for (const name of ID_PARAMS) {
    for (const [key, value] of params) {
      if (key.toLowerCase() === name && SIMPLE_TOKEN.test(value)) return { name, value };
    }
  }
  return undefined;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function reduce(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '');
}

function truncate(s: string): string {
  return s.length > MAX_LEN ? s.slice(0, MAX_LEN).replace(/[-_]+$/, '') : s;
}

function sha1(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}
