// Release readiness: the licence package.json names, a changelog, and the
// release workflow's steps run for real against a scratch repository (its
// version check, the v1.x.y tag and the moved v1 tag, the release notes).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStrictYaml } from '../helpers/strict-yaml.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { license: string };

describe('licence and changelog', () => {
  it('LICENSE is the MIT licence package.json names', () => {
    expect(pkg.license).toBe('MIT');
    const text = readFileSync('LICENSE', 'utf8');
    expect(text.split('\n')[0]).toBe('MIT License');
    expect(text).toMatch(/^Copyright \(c\) \d{4} \S/m);
    expect(text).toContain('Permission is hereby granted, free of charge, to any person obtaining a copy');
    expect(text).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });

  it('CHANGELOG.md follows Keep a Changelog with an Unreleased section', () => {
    const text = readFileSync('CHANGELOG.md', 'utf8');
    expect(text.split('\n')[0]).toBe('# Changelog');
    expect(text).toContain('https://keepachangelog.com/');
    expect(text).toMatch(/^## \[Unreleased\]\n/m);
    expect(text).toMatch(/^### Added\n/m);
  });

  it("README's uses: lines name the major tag the release workflow moves", () => {
    const uses = [...readFileSync('README.md', 'utf8').matchAll(/uses: (OWNER\/news-mirror@\S+)/g)].map((m) => m[1]);
    expect(uses.length).toBeGreaterThan(0);
    expect(new Set(uses)).toEqual(new Set(['OWNER/news-mirror@v1']));
  });
});

type Step = { name?: string; run?: string };
const release = parseStrictYaml(readFileSync('.github/workflows/release.yml', 'utf8'), 'release.yml') as {
  on: { push: { tags: string[] }; workflow_dispatch: { inputs: { version: { required: boolean } } } };
  jobs: { release: { steps: Step[] } };
};
const steps = release.jobs.release.steps;
const script = (startsWith: string): string => {
  const s = steps.find((x) => x.name?.startsWith(startsWith));
  if (!s?.run) throw new Error(`release.yml has no step "${startsWith}…"`);
  return s.run;
};

describe('release.yml', () => {
  let root: string;
  let work: string;
  let remote: string;
  const gitEnv = () => ({ ...process.env, HOME: root, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: work, env: gitEnv(), encoding: 'utf8' }).trim();
  const remoteTag = (tag: string) => execFileSync('git', ['rev-parse', `${tag}^{commit}`], { cwd: remote, env: gitEnv(), encoding: 'utf8' }).trim();
  /** Runs a step's script as the runner does (bash -e), with the job's env. */
  const runStep = (name: string, env: Record<string, string>) => {
    const r = spawnSync('bash', ['-e', '-c', script(name)], { cwd: work, env: { ...gitEnv(), PATH: `${join(root, 'bin')}:${process.env.PATH}`, ...env }, encoding: 'utf8' });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };
  const commitVersion = (version: string, notes: string) => {
    writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'news-mirror', version }));
    writeFileSync(join(work, 'CHANGELOG.md'), `# Changelog\n\n## [Unreleased]\n\n## [${version}] - 2026-12-01\n\n${notes}\n\n## [1.0.0] - 2026-01-01\n\n- First.\n`);
    git('add', '-A');
    git('commit', '-qm', `v${version}`);
    return git('rev-parse', 'HEAD');
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'nm-release-'));
    remote = join(root, 'origin.git');
    work = join(root, 'work');
    execFileSync('git', ['init', '-q', '--bare', remote], { env: gitEnv() });
    execFileSync('git', ['clone', '-q', remote, work], { env: gitEnv() });
    // `gh` stand-in: records how the release is created.
    mkdirSync(join(root, 'bin'));
    writeFileSync(join(root, 'bin/gh'), `#!/usr/bin/env bash\nprintf '%s\\n' "$@" > "${root}/gh-args"\nfor ((i=1; i<=$#; i++)); do if [ "\${!i}" = --notes-file ]; then j=$((i+1)); cp "\${!j}" "${root}/gh-notes"; fi; done\n`);
    chmodSync(join(root, 'bin/gh'), 0o755);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('runs on pushed v1.x.y tags and on demand with a version', () => {
    expect(release.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+']);
    expect(release.on.workflow_dispatch.inputs.version.required).toBe(true);
    const runs = steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('npm run check-dist');
    expect(runs).toContain('npm test');
  });

  it('refuses a version that is not vX.Y.Z or differs from package.json, and names the major tag', () => {
    commitVersion('1.2.3', '- Fixed the thing.');
    const envFile = join(root, 'github-env');
    writeFileSync(envFile, '');
    const ok = runStep('The version is', { VERSION: 'v1.2.3', GITHUB_ENV: envFile });
    expect(ok.code, ok.out).toBe(0);
    expect(readFileSync(envFile, 'utf8')).toBe('MAJOR=v1\n');
    const behind = runStep('The version is', { VERSION: 'v1.2.4', GITHUB_ENV: envFile });
    expect(behind.code).toBe(1);
    expect(behind.out).toContain('package.json says v1.2.3, the release is v1.2.4');
    const bad = runStep('The version is', { VERSION: '1.2.3', GITHUB_ENV: envFile });
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("version must look like v1.2.3, got '1.2.3'");
  });

  it('tags v1.x.y, moves v1 to each new release, and leaves older tags alone', () => {
    const first = git('rev-parse', 'HEAD');
    git('push', '-q', 'origin', 'HEAD:main');
    const r1 = runStep('Tag the release', { VERSION: 'v1.2.3', MAJOR: 'v1' });
    expect(r1.code, r1.out).toBe(0);
    expect(remoteTag('v1.2.3')).toBe(first);
    expect(remoteTag('v1')).toBe(first);

    const second = commitVersion('1.3.0', '- Added the other thing.');
    git('push', '-q', 'origin', 'HEAD:main');
    git('tag', 'v1.3.0'); // a pushed tag: the workflow runs on it and must not tag again
    git('push', '-q', 'origin', 'v1.3.0');
    const r2 = runStep('Tag the release', { VERSION: 'v1.3.0', MAJOR: 'v1' });
    expect(r2.code, r2.out).toBe(0);
    expect(remoteTag('v1')).toBe(second);
    expect(remoteTag('v1.2.3')).toBe(first);
    expect(remoteTag('v1.3.0')).toBe(second);
  });

  it("creates the GitHub release from the tag with the changelog's section as notes", () => {
    const r = runStep('Create the GitHub release', { VERSION: 'v1.3.0', RUNNER_TEMP: root });
    expect(r.code, r.out).toBe(0);
    expect(readFileSync(join(root, 'gh-args'), 'utf8').split('\n').slice(0, 4)).toEqual(['release', 'create', 'v1.3.0', '--verify-tag']);
    expect(readFileSync(join(root, 'gh-notes'), 'utf8').trim()).toBe('- Added the other thing.');
  });
});
