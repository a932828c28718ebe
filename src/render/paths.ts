import { posix } from 'node:path';
import type { Config } from '../config/load.js';

// Ids are re-checked here, at the one place paths are built, so no id or
// channel name can ever address a file outside its folder.
const SAFE_ID = /^[A-Za-z0-9_-]{1,80}$/;
const SAFE_CHANNEL = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

type PathConfig = Pick<Config, 'paths'>;

/** True for a channel id the mirror could have written files for. */
export function isSafeChannel(id: string): boolean {
  return SAFE_CHANNEL.test(id);
}

/** `s` matched literally inside a RegExp (config folders may hold `.` and other specials). */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function checkChannel(channelId: string): string {
  if (!SAFE_CHANNEL.test(channelId)) throw new Error(`unsafe channel id ${JSON.stringify(channelId)}`);
  return channelId;
}

/** `pages/<channel>/`: the folder of a channel's pages and QR codes, with its trailing slash. */
export function pageFolder(config: PathConfig, channelId: string): string {
  return `${config.paths.pages}/${channelId}/`;
}

/** `pages/<channel>/<id>.md` */
export function pagePath(config: PathConfig, channelId: string, id: string): string {
  if (!SAFE_ID.test(id)) throw new Error(`unsafe article id ${JSON.stringify(id)}`);
  return `${pageFolder(config, checkChannel(channelId))}${id}.md`;
}

/** The QR code image next to a page: `<page>.png`. */
export function qrPath(pagePath: string): string {
  return `${pagePath}.png`;
}

/** `indexes/<channel>.md` */
export function indexPath(config: PathConfig, channelId: string): string {
  return `${config.paths.indexes}/${checkChannel(channelId)}.md`;
}

/** `indexes/<channel>.json` */
export function manifestPath(config: PathConfig, channelId: string): string {
  return `${config.paths.indexes}/${checkChannel(channelId)}.json`;
}

/** `feeds/<channel>.xml` */
export function atomPath(config: PathConfig, channelId: string): string {
  return `${config.paths.feeds}/${checkChannel(channelId)}.xml`;
}

/** The home page, `README.md` by default. */
export function homePath(config: PathConfig): string {
  return config.paths.home;
}

/** Public URL of a repository file: base URL plus the path, each segment percent-encoded. */
export function publicUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${encodePath(path)}`;
}

/** Percent-encodes each segment of a `/`-separated path. */
export function encodePath(path: string): string {
  return path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/**
 * POSIX relative path from one repository file to another file (or to a
 * folder when `toFile` ends in `/`), as a Markdown link in `fromFile` needs it.
 */
export function relativeLink(fromFile: string, toFile: string): string {
  const isDir = toFile.endsWith('/');
  const from = posix.dirname(posix.normalize(`/${fromFile}`));
  const to = posix.normalize(`/${toFile}`);
  let rel = posix.relative(from, to);
  if (isDir) rel = rel === '' ? './' : `${rel}/`;
  return rel === '' ? posix.basename(to) : rel;
}
