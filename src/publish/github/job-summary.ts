// The job summary a maintainer reads after a run: what was published where,
// and per channel what was new, removed or skipped (with the reason).
import type { RunSummary } from '../../pipeline.js';
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
  if (s.channels.length > 0 && s.channels.every((c) => c.error !== undefined)) return 'Every channel failed: nothing was written.';
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
      out.push(`| ${cell(c.title)} (\`${c.id}\`) | ${c.new} | ${c.removed} | ${c.skipped.length} | ${c.error ? `⚠️ ${c.failingSince ? `failing since ${c.failingSince.slice(0, 10)}: ` : ''}${cell(c.error)}` : 'ok'} |`);
    }
    out.push('');
  }
  const articles = s.message.articles;
  if (articles.length > 0) {
    out.push('### New articles', '', '| Channel | Title | File |', '| --- | --- | --- |');
    for (const a of articles.slice(0, 200)) out.push(`| ${cell(a.channel)} | [${cell(a.title)}](${a.url}) | \`${a.path}\` |`);
    if (articles.length > 200) out.push(`| … | ${articles.length - 200} more | |`);
    out.push('');
  }
  for (const c of s.channels.filter((x) => x.skipped.length > 0)) {
    out.push(`### Skipped in ${cell(c.title)}`, '', '| Item | Reason |', '| --- | --- |');
    for (const k of c.skipped.slice(0, 100)) out.push(`| ${k.url} | ${cell(k.reason)} |`);
    if (c.skipped.length > 100) out.push(`| … | ${c.skipped.length - 100} more |`);
    out.push('');
  }
  if (s.warnings.length > 0) {
    out.push('### Warnings', '', ...s.warnings.slice(0, 50).map((w) => `- ${w.replace(/\n/g, ' ')}`), '');
  }
  return out.join('\n');
}
