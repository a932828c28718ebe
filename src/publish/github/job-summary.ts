// The job summary a maintainer reads after a run: what was published where,
// per channel what was new, removed or skipped and its true status, and each
// problem once (grouped by channel and cause, with the key that fixes it).
import type { RunSummary } from '../../pipeline.js';
import { publicUrl } from '../../render/paths.js';
import { channelStatus, everyChannelFailed } from '../../report/channel-status.js';
import type { ActionMode } from './inputs.js';

export interface SummaryContext {
  mode: ActionMode;
  owner: string;
  repo: string;
  branch: string;
  serverUrl?: string;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

/** One line saying what the run did, for the log and the top of the summary. */
export function outcomeLine(s: RunSummary, ctx: SummaryContext): string {
  const files = s.added.length + s.changed.length + s.deleted.length;
  const counts = `${s.newArticles} new article${s.newArticles === 1 ? '' : 's'}, ${files} file${files === 1 ? '' : 's'} changed`;
  const server = (ctx.serverUrl || 'https://github.com').replace(/\/+$/, '');
  if (everyChannelFailed(s.channels)) return 'Every channel failed: nothing was written.';
  if (files === 0) return 'Nothing new: the mirror is up to date, nothing was written.';
  if (ctx.mode === 'dry-run' || s.dryRun) return `Dry run: would publish ${counts} (${s.added.length} added, ${s.changed.length} updated, ${s.deleted.length} deleted). Nothing was written.`;
  const p = s.publish;
  if (p?.directory) return `Wrote ${counts} into \`${p.directory}\`; commit and push them from the workflow.`;
  if (p?.pullRequestUrl) return `Pull request [#${p.pullRequestNumber}](${p.pullRequestUrl}) now holds ${counts}.`;
  if (p?.commitSha) {
    return `Published ${counts} in commit [${p.commitSha.slice(0, 7)}](${server}/${ctx.owner}/${ctx.repo}/commit/${p.commitSha}) on \`${ctx.branch}\`.`;
  }
  return `Published ${counts}.`;
}

export function renderJobSummary(s: RunSummary, ctx: SummaryContext): string {
  const out: string[] = ['## News Mirror', '', outcomeLine(s, ctx), ''];
  if (s.failure) out.push(`**The run failed:** ${s.failure.replace(/\n/g, ' ')}`, '');
  if (s.attempts > 1) out.push(`The branch moved during the run; published on attempt ${s.attempts}.`, '');
  if (s.channels.length > 0) {
    out.push('| Channel | New | Removed | Skipped | Status |', '| --- | ---: | ---: | ---: | --- |');
    for (const c of s.channels) {
      out.push(`| ${cell(c.title)} (\`${c.id}\`) | ${c.new} | ${c.removed} | ${c.skipped.length} | ${cell(channelStatus(c))} |`);
    }
    out.push('');
  }
  const problems = s.problems ?? s.warnings.map((message) => ({ level: 'warning' as const, message, examples: [] as string[], count: 1 }));
  const warnings = problems.filter((p) => p.level === 'warning');
  if (warnings.length > 0) {
    out.push('### Problems', '');
    for (const p of warnings.slice(0, 50)) out.push(`- ${oneLine(p.message)}${examples(p)}`);
    if (warnings.length > 50) out.push(`- … and ${warnings.length - 50} more problems, in the log.`);
    out.push('');
  }
  const notes = problems.filter((p) => p.level === 'info');
  if (notes.length > 0) {
    out.push('### Left out on purpose', '', ...notes.slice(0, 50).map((p) => `- ${oneLine(p.message)}`), '');
  }
  const articles = s.message.articles;
  if (articles.length > 0) {
    const link = fileLink(s, ctx);
    out.push('### New articles', '', '| Channel | Title | File |', '| --- | --- | --- |');
    for (const a of articles.slice(0, 200)) out.push(`| ${cell(a.channel)} | [${cell(a.title)}](${a.url}) | ${link(a.path)} |`);
    if (articles.length > 200) out.push(`| … | ${articles.length - 200} more | |`);
    out.push('');
  }
  if (s.rerendered?.length) out.push(`Re-rendered ${s.rerendered.length} held page${s.rerendered.length === 1 ? '' : 's'} with the new site chrome (header, footer, banner, labels, base URL or layout).`, '');
  if (s.orphans?.length) {
    out.push('### Pruned files no manifest claimed', '', ...s.orphans.slice(0, 100).map((p) => `- \`${p}\``));
    if (s.orphans.length > 100) out.push(`- … ${s.orphans.length - 100} more`);
    out.push('');
  }
  if (s.removedChannels?.length) {
    out.push('### Channels no longer in the config', '', '| Channel | Files | |', '| --- | ---: | --- |');
    for (const r of s.removedChannels) out.push(`| \`${r.id}\` | ${r.files} | ${r.pruned ? 'deleted' : 'kept; `prune-removed-channels: true` deletes them'} |`);
    out.push('');
  }
  return out.join('\n');
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');

function examples(p: { count: number; examples: string[] }): string {
  if (p.examples.length === 0) return '';
  const more = p.count > p.examples.length ? `, and ${p.count - p.examples.length} more` : '';
  return ` For example: ${p.examples.map((u) => `<${u}>`).join(', ')}${more}.`;
}

/**
 * A file name linked to the file where a reader finds it: its public URL
 * (from the base URL) once it is on the branch; a pull request's commit
 * until it is merged; no link in a dry run, which wrote nothing.
 */
function fileLink(s: RunSummary, ctx: SummaryContext): (path: string) => string {
  const server = (ctx.serverUrl || 'https://github.com').replace(/\/+$/, '');
  const code = (path: string) => `\`${path.replace(/`/g, '')}\``;
  if (ctx.mode === 'dry-run' || s.dryRun || !s.publish) return code;
  const sha = s.publish.commitSha;
  if (ctx.mode === 'pull-request' && sha) return (path) => `[${code(path)}](${publicUrl(`${server}/${ctx.owner}/${ctx.repo}/blob/${sha}`, path)})`;
  const base = s.baseUrl;
  return base ? (path) => `[${code(path)}](${publicUrl(base, path)})` : code;
}
