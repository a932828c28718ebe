// Held pages whose chrome changed (render/chrome.ts) are rebuilt around the
// body they keep (render/kept-body.ts), with their QR codes, in the same run.
// Only those pages are read: a run whose chrome is unchanged reads no page.
import type { ChannelConfig, Config } from '../config/load.js';
import type { RepoState } from '../plan/repo-state.js';
import { gitBlobSha } from '../plan/blob-sha.js';
import type { Manifest, ManifestEntry, OutputFile } from '../types.js';
import { readKeptBody } from './kept-body.js';
import { renderPageAround } from './page.js';
import { publicUrl, qrPath } from './paths.js';
import { qrPng } from './qr.js';

export interface Rerendered {
  /** The entry as re-rendered, by page path; `from` is the page hash it was rebuilt from. */
  entries: Map<string, { from: string; entry: ManifestEntry; files: OutputFile[] }>;
  warnings: string[];
}

export interface RerenderContext {
  config: Config;
  baseUrl: string;
  /** The current chrome hash. */
  chrome: string;
  /** Pages read at once. */
  concurrency?: number;
}

/** Entries whose recorded chrome differs from the current one. Entries with none predate the markers and are left alone. */
export function staleEntries(m: Manifest, chrome: string): ManifestEntry[] {
  return m.articles.filter((e) => e.chrome !== undefined && e.chrome !== chrome);
}

export async function rerenderChannel(channel: ChannelConfig, head: Manifest, state: RepoState, ctx: RerenderContext): Promise<Rerendered> {
  const out: Rerendered = { entries: new Map(), warnings: [] };
  const stale = staleEntries(head, ctx.chrome);
  const queue = [...stale];
  const worker = async () => {
    for (let e = queue.shift(); e; e = queue.shift()) await rerenderOne(channel, e, state, ctx, out);
  };
  await Promise.all(Array.from({ length: Math.min(ctx.concurrency ?? 8, queue.length) }, worker));
  return out;
}

async function rerenderOne(channel: ChannelConfig, e: ManifestEntry, state: RepoState, ctx: RerenderContext, out: Rerendered): Promise<void> {
  const where = `channel ${channel.id}: ${e.path}`;
  const text = await state.readText(e.path);
  if (text === undefined) {
    out.warnings.push(`${where}: the page is missing, so it is not rebuilt with the new site chrome`);
    return;
  }
  const kept = readKeptBody(text);
  if (!kept) {
    // Recorded as current so this page is read once, not on every run.
    out.warnings.push(`${where}: no body markers (edited by hand?); left as it is, with its old header, footer and share block`);
    out.entries.set(e.path, { from: e.hash, entry: { ...e, chrome: ctx.chrome }, files: [] });
    return;
  }
  const url = publicUrl(ctx.baseUrl, e.path);
  const page = renderPageAround(
    { id: e.id, url: e.url, title: e.title, published: e.published, lead: kept.lead },
    kept.body,
    { config: ctx.config, channel, path: e.path, publicUrl: url, qrSrc: qrPath(e.path).split('/').pop()! },
  );
  const content = Buffer.from(page, 'utf8');
  // The QR code is rebuilt every time; the plan drops it when its bytes are unchanged (same base URL).
  const files = [
    { path: e.path, content },
    { path: qrPath(e.path), content: qrPng(url) },
  ];
  out.entries.set(e.path, { from: e.hash, entry: { ...e, hash: gitBlobSha(content), chrome: ctx.chrome }, files });
}
