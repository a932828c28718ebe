import { createHash } from 'node:crypto';

/** The SHA-1 git gives a blob with these bytes, so unchanged files are never sent. */
export function gitBlobSha(content: Buffer | string): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
