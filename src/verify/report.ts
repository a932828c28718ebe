// verify's report, for a person (text) and for a program (JSON).
import type { VerifyReport } from './verify-mirror.js';

export function reportText(r: VerifyReport, where: string): string {
  const c = r.checked;
  const counts = `${c.channels} channels, ${c.articles} articles, ${c.qrCodes} QR codes, ${c.links} relative links in ${c.documents} Markdown files`;
  if (r.ok) return `${where} is sound: ${counts}.\n`;
  const lines = [`${where}: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'} (checked ${counts}):`];
  for (const p of r.problems) lines.push(`  ${p.file}: ${p.message}`);
  return `${lines.join('\n')}\n`;
}

export function reportJson(r: VerifyReport, where: string): string {
  return `${JSON.stringify({ mirror: where, ok: r.ok, baseUrl: r.baseUrl, checked: r.checked, problems: r.problems }, null, 2)}\n`;
}
