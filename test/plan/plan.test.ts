import { execFileSync } from 'node:child_process';
import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitBlobSha } from '../../src/plan/blob-sha.js';
import { isAllowedPath, makePlan, UnsafePathError } from '../../src/plan/make-plan.js';
import { mergeManifest } from '../../src/plan/merge-manifest.js';
import type { RepoState } from '../../src/plan/repo-state.js';
import { createLocalPublisher, readLocalState } from '../../src/publish/local.js';
import type { Manifest, ManifestEntry } from '../../src/types.js';
import { tempDir } from '../helpers/temp-dir.js';
import { rejection } from '../helpers/rejection.js';

const scope = { roots: ['pages', 'indexes', 'feeds'], files: ['README.md'] };
const file = (path: string, text: string) => ({ path, content: Buffer.from(text) });

function stateOf(files: Record<string, string>): RepoState {
  return {
    paths: new Set(Object.keys(files)),
    blobSha: async (p) => (files[p] === undefined ? undefined : gitBlobSha(files[p]!)),
    readText: async (p) => files[p],
  };
}

describe('git blob SHA-1', () => {
  it('equals what git computes', async () => {
    const dir = tempDir('nm-sha-');
    const bytes = Buffer.concat([Buffer.from('中文 text\n'), Buffer.from([0, 255, 137, 80])]);
    await writeFile(join(dir, 'f'), bytes);
    const git = execFileSync('git', ['hash-object', join(dir, 'f')]).toString().trim();
    expect(gitBlobSha(bytes)).toBe(git);
    expect(gitBlobSha('')).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  });
});

describe('makePlan', () => {
  it('adds new files, changes different ones, leaves identical ones alone, deletes retired ones', async () => {
    const state = stateOf({ 'pages/a/1.md': 'one', 'pages/a/2.md': 'two', 'pages/a/3.md': 'three', 'README.md': 'home' });
    const plan = await makePlan(state, [file('pages/a/1.md', 'one'), file('pages/a/2.md', 'TWO'), file('pages/a/4.md', 'four'), file('README.md', 'home')], ['pages/a/3.md', 'pages/a/9.md'], scope);
    expect(plan.add.map((f) => f.path)).toEqual(['pages/a/4.md']);
    expect(plan.change.map((f) => f.path)).toEqual(['pages/a/2.md']);
    expect(plan.delete).toEqual(['pages/a/3.md']);
  });

  it('refuses any path outside the allowed folders', async () => {
    const hostile = ['.github/workflows/x.yml', '../x.md', '/etc/passwd', 'pages/../.github/x', 'pages\\..\\x', 'pages/a/\0.md', 'pages/.git/config', 'other.md', 'pages', 'pages//x'];
    for (const p of hostile) {
      expect(isAllowedPath(p, scope)).toBe(false);
      const e = await rejection(makePlan(stateOf({}), [file(p, 'x')], [], scope), UnsafePathError);
      expect(e.message).toBe(`refusing to write "${p}": outside the folders the config allows`);
    }
    const del = await rejection(makePlan(stateOf({}), [], ['.github/workflows/ci.yml'], scope), UnsafePathError);
    expect(del.message).toBe('refusing to write ".github/workflows/ci.yml": outside the folders the config allows');
    expect(isAllowedPath('pages/ch/n1.md.png', scope)).toBe(true);
  });
});

const entry = (id: string, published?: string): ManifestEntry => ({ id, title: id, url: `https://x/${id}`, path: `pages/c/${id}.md`, hash: 'h', ...(published ? { published } : {}) });
const manifest = (...articles: ManifestEntry[]): Manifest => ({ channel: 'c', title: 'C', articles });

describe('mergeManifest', () => {
  it('keeps the newest N, retiring the oldest', () => {
    const head = manifest(entry('b', '2026-01-02'), entry('a', '2026-01-01'));
    const r = mergeManifest(head, [entry('c', '2026-01-03')], 2);
    expect(r.manifest.articles.map((e) => e.id)).toEqual(['c', 'b']);
    expect(r.added.map((e) => e.id)).toEqual(['c']);
    expect(r.retired.map((e) => e.id)).toEqual(['a']);
  });

  it("keeps another run's articles when merging onto a newer head", () => {
    const head = manifest(entry('theirs', '2026-01-05'), entry('old', '2026-01-01'));
    const r = mergeManifest(head, [entry('mine', '2026-01-04'), entry('theirs', '2026-01-05')], 10);
    expect(r.manifest.articles.map((e) => e.id)).toEqual(['theirs', 'mine', 'old']);
    expect(r.added.map((e) => e.id)).toEqual(['mine']);
    // Already held is not a clash: no "held by another article" warning for it.
    expect(r.collided).toEqual([]);
  });

  it('never adds an article whose URL the head already holds, under whatever path', () => {
    // A racing run took the same article first, under a hash name (the id was taken when it ran).
    const theirs = { ...entry('hb7e1f0', '2026-01-05'), url: 'https://x/story' };
    const mine = { ...entry('story', '2026-01-05'), url: 'https://x/story' };
    const r = mergeManifest(manifest(theirs), [mine], 10);
    expect(r.manifest.articles).toEqual([theirs]);
    expect(r.added).toEqual([]);
    expect(r.collided).toEqual([]);
  });

  it('never adds an article whose path another article holds', () => {
    const head = manifest(entry('x', '2026-01-01'));
    const clash = { ...entry('x', '2026-01-02'), url: 'https://other/x' };
    const r = mergeManifest(head, [clash], 10);
    expect(r.collided).toEqual([clash]);
    expect(r.manifest.articles).toHaveLength(1);
  });

  it('sorts undated articles by when they were first mirrored', () => {
    const undated = { ...entry('u'), mirrored: '2026-01-03T00:00:00.000Z' };
    const r = mergeManifest(manifest(entry('a', '2026-01-01')), [undated], 10);
    expect(r.manifest.articles.map((e) => e.id)).toEqual(['u', 'a']);
  });
});

describe('local publisher', () => {
  it('reads the state, writes and deletes only what the plan says, never following links', async () => {
    const dir = tempDir('nm-local-');
    await mkdir(join(dir, 'pages/c'), { recursive: true });
    await writeFile(join(dir, 'pages/c/old.md'), 'old');
    await writeFile(join(dir, 'keep.txt'), 'not ours');
    await symlink('/etc', join(dir, 'pages/link'));
    const state = await readLocalState(dir, ['pages', 'indexes'], ['README.md']);
    expect([...state.paths]).toEqual(['pages/c/old.md']);
    expect(await state.blobSha('pages/c/old.md')).toBe(gitBlobSha('old'));
    expect(await state.readText('pages/c/old.md')).toBe('old');

    const plan = await makePlan(state, [file('pages/d/new.md', 'new'), file('README.md', 'home')], ['pages/c/old.md'], scope);
    await createLocalPublisher(dir).apply(plan, state, { title: 't', body: '', articles: [] });
    expect(await readFile(join(dir, 'pages/d/new.md'), 'utf8')).toBe('new');
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('home');
    expect(await readdir(join(dir, 'pages'))).toEqual(['d', 'link']);
    expect(await readFile(join(dir, 'keep.txt'), 'utf8')).toBe('not ours');
  });
});
