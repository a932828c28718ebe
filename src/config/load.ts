import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { parseDuration } from './duration.js';
import { describeIssues, describeValue, formatPath } from './issues.js';
import { YamlPositions } from './positions.js';
import { configSchema, type ChannelConfig as RawChannel, type FailOn, type RawConfig } from './schema.js';

export type { FailOn } from './schema.js';
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
    labels: Partial<Record<'share' | 'original' | 'published' | 'latest' | 'channels' | 'more' | 'leadCaption' | 'count' | 'feed' | 'home' | 'noText' | 'noArticles' | 'failingSince', string>>;
  };
  paths: { pages: string; indexes: string; feeds: string; home: string };
  /** When failing channels fail the job; the Action's and the CLI's fail-on win over it. */
  failOn: FailOn;
  /** A channel failing longer than this (ms) fails the job. */
  staleAfterMs: number;
  fetch: { timeoutMs: number; retries: number; maxBytes: number; concurrency: number; perHost: number; userAgent?: string };
  /** Extra query parameters that do not make a URL another article (articles/canonical-url.ts has the built-in ones). */
  trackingParams: string[];
  /** Delete the files of channels the config no longer lists. */
  pruneRemovedChannels: boolean;
  /** Site-wide unlink patterns (each channel's `unlink` already includes them; kept apart so a report can name the right key). */
  unlink: string[];
  channels: ChannelConfig[];
}

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    /** One line per problem: where (line and column, when known), the key path, what was expected and what was found. */
    readonly problems: string[],
  ) {
    super(`${source}: invalid config\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The error for a config file that does not exist, saying how to fix it;
 * `otherwise` lists the other ways to give a config where the caller runs.
 */
export function missingConfigFile(where: string, otherwise: readonly string[]): ConfigError {
  return new ConfigError(where, [
    `no such file: add it (the README's "Use it in a mirror repository" has an example)${otherwise.map((w) => `, or ${w}`).join('')}`,
  ]);
}

/** Reads and validates a config file; `otherwise` as for missingConfigFile. */
export async function loadConfigFile(file: string, otherwise: readonly string[] = []): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw missingConfigFile(file, otherwise);
    if (code === 'EISDIR') throw new ConfigError(file, ['is a folder: name the config file in it']);
    throw new ConfigError(file, [`cannot read the file: ${code ?? (e as Error).message}`]);
  }
  return parseConfig(text, file);
}

/** Validates config text; `source` names it in errors (a file name, or "the config input"). */
export function parseConfig(text: string, source: string): Config {
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      source,
      unique(doc.errors.map((e) => `${at(lines.linePos(e.pos[0]))}YAML syntax error: ${e.message.split('\n')[0]}`)),
    );
  }
  const positions = new YamlPositions(doc, lines);
  const where = (path: PropertyKey[], key?: string) => {
    const pos = positions.of(path, key);
    return pos ? at({ line: pos.line, col: pos.column }) : '';
  };
  const inTextOrder = (a: { path: PropertyKey[]; key?: string }, b: { path: PropertyKey[]; key?: string }) => {
    const pa = positions.of(a.path, a.key);
    const pb = positions.of(b.path, b.key);
    return (pa?.line ?? 0) - (pb?.line ?? 0) || (pa?.column ?? 0) - (pb?.column ?? 0);
  };
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(source, [`${where([])}expected a mapping with at least a \`channels\` list, got ${describeValue(data ?? null)}`]);
  }
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) {
    const findings = describeIssues(parsed.error.issues, data, configSchema).sort(inTextOrder);
    throw new ConfigError(
      source,
      findings.map((f) => `${where(f.path, f.key)}${formatPath(f.key === undefined ? f.path : [...f.path, f.key])}: ${f.message}`),
    );
  }
  const problems: string[] = [];
  const seen = new Map<string, number>();
  parsed.data.channels.forEach((c, i) => {
    const first = seen.get(c.id.toLowerCase());
    if (first !== undefined) problems.push(`${where(['channels', i, 'id'])}channels[${i}].id: "${c.id}" is already the id of channels[${first}]; each channel needs its own`);
    else seen.set(c.id.toLowerCase(), i);
  });
  const p = parsed.data.paths;
  const dirs = [p.pages, p.indexes, p.feeds];
  if (new Set(dirs).size !== dirs.length) problems.push(`${where(['paths'])}paths: pages, indexes and feeds must be different folders`);
  if (problems.length > 0) throw new ConfigError(source, problems);
  return normalize(parsed.data);
}

function at(pos: { line: number; col: number }): string {
  return `line ${pos.line}, column ${pos.col}: `;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
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
        noText: l['no-text'],
        noArticles: l['no-articles'],
        failingSince: l['failing-since'],
      }),
    },
    paths: raw.paths,
    failOn: raw['fail-on'],
    staleAfterMs: parseDuration(raw['stale-after'])!,
    fetch: {
      timeoutMs: f['timeout-ms'],
      retries: f.retries,
      maxBytes: f['max-bytes'],
      concurrency: f.concurrency,
      perHost: f['per-host'],
      userAgent: f['user-agent'],
    },
    trackingParams: raw['tracking-params'],
    pruneRemovedChannels: raw['prune-removed-channels'],
    unlink: raw.unlink,
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
    allowHosts: [...new Set([sourceHost, ...raw.fetch['allow-hosts'], ...c['allow-hosts']].map((h) => h.toLowerCase()))],
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
