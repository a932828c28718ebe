import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema, type ChannelConfig as RawChannel, type RawConfig } from './schema.js';
import type { ScriptConversion } from '../articles/script.js';

export type Locale = RawConfig['locale'];

export interface ChannelConfig {
  id: string;
  title: string;
  source:
    | { type: 'feed'; url: string }
    | { type: 'html'; url: string; item: string; link?: string; title?: string; date?: string };
  body: 'feed' | 'page' | 'auto';
  page: { select?: string; remove: string[] };
  excludeTitles: string[];
  /** Site-wide and channel patterns together. */
  unlink: string[];
  /** Hosts article pages may come from: the source's host plus the configured ones. */
  allowHosts: string[];
  retention: number;
  limit: number;
  /** Chinese script conversion of the channel's text (channel's `convert`, else `site.convert`). */
  convert?: ScriptConversion;
}

export interface Config {
  locale: Locale;
  site: {
    baseUrl?: string;
    title?: string;
    header: string;
    footer: string;
    banner: string;
    analytics?: string;
    atom: boolean;
    homeLatest: number;
    /** Overrides of the locale's labels, keyed as render/labels.ts names them. */
    labels: Partial<Record<'share' | 'original' | 'published' | 'latest' | 'channels' | 'more' | 'leadCaption' | 'count' | 'feed' | 'home', string>>;
  };
  paths: { pages: string; indexes: string; feeds: string; home: string };
  fetch: { timeoutMs: number; retries: number; maxBytes: number; concurrency: number; perHost: number; userAgent?: string };
  channels: ChannelConfig[];
}

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: invalid config\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates a config file. */
export async function loadConfigFile(file: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [`cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  return parseConfig(text, file);
}

/** Validates config text; `source` names it in errors (a file name, or "the config input"). */
export function parseConfig(text: string, source: string): Config {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      source,
      doc.errors.map((e) => `YAML: ${e.message.split('\n')[0]}${e.linePos ? ` (line ${e.linePos[0].line})` : ''}`),
    );
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(source, ['expected a mapping with at least a "channels" list']);
  }
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) {
    throw new ConfigError(source, parsed.error.issues.map((i) => describeIssue(i, data)));
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  parsed.data.channels.forEach((c, i) => {
    if (seen.has(c.id.toLowerCase())) problems.push(`channels[${i}].id: "${c.id}" is used by another channel`);
    seen.add(c.id.toLowerCase());
  });
  const p = parsed.data.paths;
  const dirs = [p.pages, p.indexes, p.feeds];
  if (new Set(dirs).size !== dirs.length) problems.push('paths: pages, indexes and feeds must be different folders');
  if (problems.length > 0) throw new ConfigError(source, problems);
  return normalize(parsed.data);
}

function normalize(raw: RawConfig): Config {
  const s = raw.site;
  const f = raw.fetch;
  const l = s.labels;
  return {
    locale: raw.locale,
    site: {
      baseUrl: s['base-url']?.replace(/\/+$/, ''),
      title: s.title,
      header: s.header,
      footer: s.footer,
      banner: s.banner,
      analytics: s.analytics,
      atom: s.atom,
      homeLatest: s['home-latest'],
      labels: dropUndefined({
        share: l.share,
        original: l.original,
        published: l.published,
        latest: l.latest,
        channels: l.channels,
        more: l.more,
        leadCaption: l['lead-caption'],
        count: l.count,
        feed: l.feed,
        home: l.home,
      }),
    },
    paths: raw.paths,
    fetch: {
      timeoutMs: f['timeout-ms'],
      retries: f.retries,
      maxBytes: f['max-bytes'],
      concurrency: f.concurrency,
      perHost: f['per-host'],
      userAgent: f['user-agent'],
    },
    channels: raw.channels.map((c) => normalizeChannel(c, raw)),
  };
}

function normalizeChannel(c: RawChannel, raw: RawConfig): ChannelConfig {
  const sourceHost = new URL(c.source.url).host.toLowerCase();
  return {
    id: c.id,
    title: c.title,
    source: c.source,
    body: c.body,
    page: c.page,
    excludeTitles: c['exclude-titles'],
    unlink: [...raw.unlink, ...c.unlink],
    allowHosts: [...new Set([sourceHost, ...c['allow-hosts'].map((h) => h.toLowerCase())])],
    retention: c.retention ?? raw.retention,
    limit: c.limit,
    ...scriptConversion(c.convert ?? raw.site.convert),
  };
}

function scriptConversion(v: ScriptConversion | 'none' | undefined): { convert?: ScriptConversion } {
  return v === undefined || v === 'none' ? {} : { convert: v };
}

function dropUndefined<T extends Record<string, string | undefined>>(o: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, string>>;
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  const path = formatPath(issue.path);
  const got = valueAt(data, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${path ? `${path}: ` : ''}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type':
      return got === undefined
        ? `${path}: missing (expected ${issue.expected})`
        : `${path}: expected ${issue.expected}, got ${describeValue(got)}`;
    case 'invalid_value':
      return `${path}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(got)}`;
    case 'invalid_union':
      return `${path}: ${describeValue(got)} does not match any allowed form`;
    default:
      return `${path}: ${issue.message}${got !== undefined && typeof got !== 'object' ? `, got ${describeValue(got)}` : ''}`;
  }
}

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
}

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let v: unknown = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  return `${typeof v} ${String(v)}`;
}
