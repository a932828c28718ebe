// Every relative link in the mirror's Markdown (pages, indexes, home) leads
// to a file or folder the repository holds.
import { Limiter } from '../http/limiter.js';
import type { MirrorFiles } from './files.js';
import { relativeLinks, resolveLink } from './links.js';
import type { Problem } from './problems.js';

const READS = new Limiter(8);

export async function checkLinks(files: MirrorFiles): Promise<{ problems: Problem[]; links: number; documents: number }> {
  const problems: Problem[] = [];
  const docs = [...files.paths].filter((p) => p.endsWith('.md')).sort();
  const folders = new Set<string>(['.']);
  for (const p of files.paths) for (let i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) folders.add(p.slice(0, i));

  const pending: Array<{ file: string; dest: string; target: string }> = [];
  let links = 0;
  await Promise.all(
    docs.map((file) =>
      READS.run(async () => {
        const bytes = await files.readBytes(file);
        if (bytes === undefined) return;
        for (const dest of relativeLinks(bytes.toString('utf8'))) {
          links++;
          const r = resolveLink(file, dest);
          if ('error' in r) problems.push({ check: 'link', file, message: `broken link: ${r.error}` });
          else if (!files.paths.has(r.path) && !folders.has(r.path)) pending.push({ file, dest, target: r.path });
        }
      }),
    ),
  );
  // Targets outside the mirror's folders (a file the header links to, say) are looked up once, together.
  const found = pending.length > 0 ? await files.existing([...new Set(pending.map((p) => p.target))]) : new Set<string>();
  for (const p of pending) {
    if (!found.has(p.target)) problems.push({ check: 'link', file: p.file, message: `broken link: ${JSON.stringify(p.dest)} leads to ${p.target}, which does not exist` });
  }
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { problems, links, documents: docs.length };
}
