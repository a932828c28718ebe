import type { ChannelHealth, Manifest, ManifestEntry } from '../types.js';
import { newestFirst } from './order.js';

/** `indexes/<channel>.json`: fixed key order, 2-space indent, trailing newline, newest first. */
export function renderManifest(m: Manifest): string {
  const out = {
    channel: m.channel,
    title: m.title,
    ...(m.health && { health: { failures: m.health.failures, since: m.health.since, lastError: m.health.lastError } }),
    articles: newestFirst(m.articles).map((e) => ({
      id: e.id,
      title: e.title,
      url: e.url,
      ...(e.published !== undefined && { published: e.published }),
      ...(e.mirrored !== undefined && { mirrored: e.mirrored }),
      path: e.path,
      hash: e.hash,
      ...(e.chrome !== undefined && { chrome: e.chrome }),
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,80}$/;
// A manifest is read back from the repository, where anyone may have edited
// it; its paths are later deleted by retention, so they must stay inside the repo.
const SAFE_PATH = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;

export class ManifestError extends Error {
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'ManifestError';
  }
}

/** Reads a manifest back, checking every field; throws a ManifestError naming the file and the field. */
export function parseManifest(text: string, path: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ManifestError(path, `not valid JSON (${(e as Error).message})`);
  }
  const fail = (where: string, what: string): never => {
    throw new ManifestError(path, `${where}: ${what}`);
  };
  if (!isObject(data)) return fail('top level', 'expected an object with "channel", "title" and "articles"');
  const channel = str(data.channel, 'channel', fail);
  const title = str(data.title, 'title', fail);
  if (!Array.isArray(data.articles)) return fail('articles', 'expected a list');
  const articles = data.articles.map((raw: unknown, i: number): ManifestEntry => {
    const at = `articles[${i}]`;
    if (!isObject(raw)) return fail(at, 'expected an object');
    const id = str(raw.id, `${at}.id`, fail);
    if (!SAFE_ID.test(id)) fail(`${at}.id`, `unsafe id ${JSON.stringify(id)}`);
    const p = str(raw.path, `${at}.path`, fail);
    if (!SAFE_PATH.test(p) || p.split('/').includes('..')) fail(`${at}.path`, `not a safe repository path: ${JSON.stringify(p)}`);
    const hash = str(raw.hash, `${at}.hash`, fail);
    if (!/^[0-9a-f]{40}$/.test(hash)) fail(`${at}.hash`, 'expected a 40-digit hex SHA-1');
    const entry: ManifestEntry = { id, title: str(raw.title, `${at}.title`, fail), url: str(raw.url, `${at}.url`, fail), path: p, hash };
    for (const k of ['published', 'mirrored'] as const) {
      if (raw[k] === undefined) continue;
      const v = str(raw[k], `${at}.${k}`, fail);
      if (Number.isNaN(Date.parse(v))) fail(`${at}.${k}`, `not a date: ${JSON.stringify(v)}`);
      entry[k] = v;
    }
    if (raw.chrome !== undefined) {
      const chrome = str(raw.chrome, `${at}.chrome`, fail);
      if (!/^[0-9a-f]{1,64}$/.test(chrome)) fail(`${at}.chrome`, 'expected a hex hash');
      entry.chrome = chrome;
    }
    return entry;
  });
  let health: ChannelHealth | undefined;
  if (data.health !== undefined) {
    const h = data.health;
    if (!isObject(h)) return fail('health', 'expected an object with "failures", "since" and "lastError"');
    if (typeof h.failures !== 'number' || !Number.isInteger(h.failures) || h.failures < 1) return fail('health.failures', 'expected a whole number of at least 1');
    const since = str(h.since, 'health.since', fail);
    if (Number.isNaN(Date.parse(since))) fail('health.since', `not a date: ${JSON.stringify(since)}`);
    health = { failures: h.failures, since, lastError: str(h.lastError, 'health.lastError', fail) };
  }
  return health ? { channel, title, health, articles } : { channel, title, articles };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function str(v: unknown, where: string, fail: (where: string, what: string) => never): string {
  if (typeof v !== 'string') return fail(where, v === undefined ? 'missing' : `expected a string, got ${JSON.stringify(v)}`);
  return v;
}
