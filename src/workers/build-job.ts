// One article's CPU work, from its source item (and fetched page) to the
// finished page and QR code. Pure: it runs the same on the main thread or on
// a worker, so the output never depends on where it ran.
import { buildArticle } from '../articles/build-article.js';
import type { ChannelConfig, Config } from '../config/load.js';
import { gitBlobSha } from '../plan/blob-sha.js';
import { renderPage } from '../render/page.js';
import { publicUrl, qrPath } from '../render/paths.js';
import { qrPng } from '../render/qr.js';
import type { SourceItem } from '../types.js';

export interface BuildJob {
  item: SourceItem;
  channel: ChannelConfig;
  id: string;
  /** Repository path of the page. */
  path: string;
  /** The article page, when the body comes from it: its text, or why it could not be fetched. */
  page?: { text: string; finalUrl: string } | { error: string };
}

/** What every job of a run shares (sent to a worker once). */
export interface BuildContext {
  config: Config;
  baseUrl: string;
  /** Original URL → repository path of every article the mirror holds or is adding. */
  linkMap: Map<string, string>;
}

export type BuildResult =
  | { ok: true; title: string; published?: string; page: Uint8Array; png: Uint8Array; hash: string }
  | { ok: false; reason: string };

export async function runBuildJob(job: BuildJob, ctx: BuildContext): Promise<BuildResult> {
  const { item, channel, id, path } = job;
  try {
    const article = await buildArticle(item, channel, id, async () => {
      if (!job.page) throw new Error('the page was not fetched');
      if ('error' in job.page) throw new Error(job.page.error);
      return job.page;
    });
    const url = publicUrl(ctx.baseUrl, path);
    const page = Buffer.from(
      renderPage(article, {
        config: ctx.config,
        channel,
        path,
        publicUrl: url,
        qrSrc: qrPath(path).split('/').pop()!,
        unlink: channel.unlink,
        resolveLink: (u) => ctx.linkMap.get(u),
      }),
      'utf8',
    );
    const png = await qrPng(url);
    return { ok: true, title: article.title, ...(article.published ? { published: article.published } : {}), page, png, hash: gitBlobSha(page) };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}
