import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RepoState } from '../../src/plan/repo-state.js';
import { createLocalPublisher } from '../../src/publish/local.js';
import type { PublishMessage } from '../../src/publish/publisher.js';
import { tempDir } from '../helpers/temp-dir.js';

// The local publisher reads neither the state nor the message.
const unused: [RepoState, PublishMessage] = [{ paths: new Set(), blobSha: async () => undefined, readText: async () => undefined }, { title: 't', body: 'b', articles: [] }];
const file = (path: string, text: string) => ({ path, content: Buffer.from(text) });

async function tree(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('local publisher', () => {
  it('writes new and changed files into their folders and deletes retired ones with their empty folders', async () => {
    const dir = tempDir('nm-local-');
    await mkdir(join(dir, 'pages/old'), { recursive: true });
    await writeFile(join(dir, 'pages/old/x.md'), 'old');
    await writeFile(join(dir, 'README.md'), 'home v1');
    const files = Array.from({ length: 30 }, (_, k) => file(`pages/ch${k % 3}/a${k}.md`, `page ${k}`));
    await createLocalPublisher(dir).apply({ add: files, change: [file('README.md', 'home v2')], delete: ['pages/old/x.md'] }, ...unused);
    expect(await tree(dir)).toEqual([...files.map((f) => f.path), 'README.md'].sort());
    expect(await readFile(join(dir, 'pages/ch2/a29.md'), 'utf8')).toBe('page 29');
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('home v2');
  });

  it('is all or nothing: a write that fails leaves the old files and no new or temporary ones', async () => {
    const dir = tempDir('nm-local-');
    await writeFile(join(dir, 'README.md'), 'home v1');
    // A file where a folder must go: the third folder cannot be made.
    await writeFile(join(dir, 'blocked'), 'not a folder');
    const plan = {
      add: [file('pages/a/1.md', 'one'), file('pages/b/2.md', 'two'), file('blocked/3.md', 'three'), file('pages/c/4.md', 'four')],
      change: [file('README.md', 'home v2')],
      delete: [],
    };
    await expect(createLocalPublisher(dir).apply(plan, ...unused)).rejects.toThrow(/blocked/);
    expect(await tree(dir)).toEqual(['README.md', 'blocked']);
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('home v1');
  });
});
