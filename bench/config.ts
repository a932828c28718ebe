// The benchmark's mirror configs, written as YAML and loaded through
// parseConfig so every default is the one users get.
import { parseConfig, type Config } from '../src/config/load.js';
import { ARTICLE_REMOVE, ARTICLE_SELECT, feedPath } from './content.js';

export const BASE_URL = 'https://github.com/bench/mirror/blob/main';

export interface BenchChannel {
  id: string;
  origin: string;
}

/** Channel `ch<k>` on origin k mod origins.length: with 8 origins, each channel has its own host. */
export function channelsOn(origins: string[], count: number): BenchChannel[] {
  return Array.from({ length: count }, (_, k) => ({ id: `ch${k + 1}`, origin: origins[k % origins.length]! }));
}

export function configYaml(channels: BenchChannel[], opts: { retention?: number; concurrency?: number; perHost?: number } = {}): string {
  const lines = [
    'locale: zh-CN',
    'site:',
    `  base-url: ${BASE_URL}`,
    '  header: "#### [首页](README.md) | [索引](indexes/)"',
    '  footer: "#### [首页](README.md)"',
    `retention: ${opts.retention ?? 300}`,
  ];
  if (opts.concurrency !== undefined || opts.perHost !== undefined) {
    lines.push('fetch:');
    if (opts.concurrency !== undefined) lines.push(`  concurrency: ${opts.concurrency}`);
    if (opts.perHost !== undefined) lines.push(`  per-host: ${opts.perHost}`);
  }
  lines.push('channels:');
  for (const c of channels) {
    lines.push(
      `  - id: ${c.id}`,
      `    title: 频道 ${c.id}`,
      `    source: { type: feed, url: "${c.origin}${feedPath(c.id)}" }`,
      '    body: page',
      `    page: { select: "${ARTICLE_SELECT}", remove: ${JSON.stringify(ARTICLE_REMOVE)} }`,
      '    unlink: ["/tag/"]',
    );
  }
  return `${lines.join('\n')}\n`;
}

export function benchConfig(channels: BenchChannel[], opts: Parameters<typeof configYaml>[1] = {}): Config {
  return parseConfig(configYaml(channels, opts), 'the bench config');
}
