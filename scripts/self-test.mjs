#!/usr/bin/env node
// The Action run as its users run it, checked as a reader would check the
// result. CI's self-test job runs the action with `uses: ./` and calls the
// checks below; `node scripts/self-test.mjs local` does the same here by
// starting dist/index.js the way the runner starts it for `uses: ./`.
// Node builtins and zbarimg only: the job runs on the committed dist/ without
// `npm ci`, as a user's workflow does.
//
//   self-test.mjs wait PORT                           wait for `news-mirror demo --serve PORT`
//   self-test.mjs check DIR --config FILE --new N     the mirror in DIR: pages, QR codes, indexes
//   self-test.mjs check-untouched DIR --new N         a dry run reported N new articles and wrote nothing
//   self-test.mjs local                               all of it, with dist/index.js run as the runner does
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, get } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** What the demo site holds: channel → articles (src/demo/content.ts). */
const DEMO_CHANNELS = { world: 3, china: 2, tech: 2 };
const DEMO_ARTICLES = Object.values(DEMO_CHANNELS).reduce((a, b) => a + b, 0);

class CheckFailed extends Error {}
const fail = (msg) => {
  throw new CheckFailed(msg);
};

export async function waitForDemo(port, seconds = 60) {
  const url = `http://127.0.0.1:${port}/world/atom.xml`;
  for (let waited = 0; waited < seconds * 1000; waited += 250) {
    if ((await statusOf(url)) === 200) return;
    await sleep(250);
  }
  fail(`the demo site did not answer ${url} within ${seconds}s`);
}

function statusOf(url) {
  return new Promise((done) => {
    get(url, (res) => {
      res.resume();
      done(res.statusCode);
    }).on('error', () => done(0)); // not listening yet
  });
}

function files(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The public URL prefix the config gives the pages (site.base-url, one line of YAML). */
function baseUrlOf(configText) {
  const m = /^\s+base-url:\s*["']?([^"'\s#]+)/m.exec(configText);
  if (!m) fail('the config has no site.base-url line');
  return m[1].replace(/\/+$/, '');
}

function decodeQr(png) {
  try {
    return execFileSync('zbarimg', ['-q', '--raw', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).replace(/\n$/, '');
  } catch (e) {
    if (e.code === 'ENOENT') fail('zbarimg is not installed (Debian/Ubuntu: apt-get install zbar-tools)');
    fail(`${png}: zbarimg found no QR code (${String(e.stderr ?? e.message).trim()})`);
  }
}

/** The mirror a first run wrote into DIR: every manifest entry has its page and a QR code that reads back as the page's URL. */
export function checkMirror(dir, configText, newArticles) {
  const base = baseUrlOf(configText);
  const written = new Set(files(dir));
  const problems = [];
  if (!written.has('README.md')) problems.push('README.md (the home page) is missing');
  let pages = 0;
  for (const [channel, count] of Object.entries(DEMO_CHANNELS)) {
    const manifestPath = `indexes/${channel}.json`;
    if (!written.has(manifestPath)) {
      problems.push(`${manifestPath} is missing`);
      continue;
    }
    if (!written.has(`indexes/${channel}.md`)) problems.push(`indexes/${channel}.md is missing`);
    const manifest = JSON.parse(readFileSync(join(dir, manifestPath), 'utf8'));
    if (manifest.articles.length !== count) problems.push(`${manifestPath}: ${manifest.articles.length} articles, expected ${count}`);
    for (const entry of manifest.articles) {
      const page = entry.path;
      const url = `${base}/${page}`;
      if (!written.has(page)) {
        problems.push(`${page} (${channel}/${entry.id}) is missing`);
        continue;
      }
      pages++;
      const text = readFileSync(join(dir, page), 'utf8');
      if (!text.startsWith(`### ${entry.title}`)) problems.push(`${page}: does not start with its title "### ${entry.title}"`);
      if (!text.includes(url)) problems.push(`${page}: its share block does not give its public URL ${url}`);
      if (!text.includes(entry.url)) problems.push(`${page}: the original URL ${entry.url} is missing`);
      if (!written.has(`${page}.png`)) {
        problems.push(`${page}.png (its QR code) is missing`);
        continue;
      }
      const decoded = decodeQr(join(dir, `${page}.png`));
      if (decoded !== url) problems.push(`${page}.png reads as ${JSON.stringify(decoded)}, expected ${url}`);
    }
  }
  if (newArticles !== undefined && Number(newArticles) !== DEMO_ARTICLES) problems.push(`output new-articles is ${JSON.stringify(newArticles)}, expected ${DEMO_ARTICLES}`);
  if (problems.length) fail(`the mirror in ${dir} is not right:\n  ${problems.join('\n  ')}`);
  return `${pages} pages, each with a QR code that reads back as its public URL; ${Object.keys(DEMO_CHANNELS).length} channel indexes; the home page`;
}

/** A dry run found the demo's articles and wrote nothing. */
export function checkUntouched(dir, before, newArticles) {
  const after = files(dir);
  if (JSON.stringify(after) !== JSON.stringify(before)) fail(`the dry run changed ${dir}: before ${before.length} files, after ${after.length}`);
  if (Number(newArticles) !== DEMO_ARTICLES) fail(`the dry run reported new-articles ${JSON.stringify(newArticles)}, expected ${DEMO_ARTICLES}`);
  return `reported ${newArticles} new articles and wrote nothing`;
}

// ---- running the Action as the runner does (`local`) ----

/** Inputs as the runner passes them: every declared default, then the step's `with:` (INPUT_<NAME>, spaces to _, upper case). */
function inputEnv(withInputs, token) {
  const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');
  const env = {};
  // The inputs block of action.yml: two-space names, four-space keys. Enough for our own file, no YAML library needed.
  const block = /^inputs:\n([\s\S]*?)^\S/m.exec(text)?.[1] ?? '';
  let name;
  for (const line of block.split('\n')) {
    const n = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line);
    if (n) name = n[1];
    const d = /^ {4}default:\s*(.*)$/.exec(line);
    if (name && d) {
      let v = d[1].trim();
      if (/^'.*'$/.test(v)) v = v.slice(1, -1).replace(/''/g, "'");
      else if (/^".*"$/.test(v)) v = JSON.parse(v);
      env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = v.replace('${{ github.token }}', token);
    }
  }
  for (const [k, v] of Object.entries(withInputs)) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  return env;
}

/** A loopback "api.github.com" that counts requests: mode local must make none. */
async function recordingApi() {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"message":"mode local must not call the API"}');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, requests, close: () => new Promise((r) => server.close(r)) };
}

function runActionAsRunner(workspace, runnerTemp, withInputs, apiUrl) {
  const outputFile = join(runnerTemp, `output-${Date.now()}`);
  const summaryFile = join(runnerTemp, `summary-${Date.now()}`);
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INPUT_') && !k.startsWith('GITHUB_')));
  return new Promise((done, reject) => {
    // The runner starts `node <action dir>/<runs.main>` with the workspace as the working directory.
    const child = spawn(process.execPath, [join(ROOT, 'dist/index.js')], {
      cwd: workspace,
      env: {
        ...clean,
        ...inputEnv(withInputs, 'ghs_self_test_token'),
        GITHUB_ACTIONS: 'true',
        CI: 'true',
        GITHUB_ACTION_PATH: ROOT,
        GITHUB_REPOSITORY: 'news-mirror/self-test',
        GITHUB_REF_NAME: 'main',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_API_URL: apiUrl,
        GITHUB_GRAPHQL_URL: `${apiUrl}/graphql`,
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        RUNNER_TEMP: runnerTemp,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const outputs = {};
      for (const m of readFileSync(outputFile, 'utf8').matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1]] = m[3];
      done({ code, log, outputs, summary: readFileSync(summaryFile, 'utf8') });
    });
  });
}

async function local() {
  if (!existsSync(join(ROOT, 'dist/index.js'))) fail('dist/index.js is missing: npm run build');
  const temp = mkdtempSync(join(tmpdir(), 'news-mirror-self-test-'));
  const workspace = join(temp, 'workspace');
  mkdirSync(join(workspace, 'mirror'), { recursive: true });
  mkdirSync(join(workspace, 'dry-run'), { recursive: true });
  const port = Number(process.env.SELF_TEST_PORT ?? 47_941);
  const api = await recordingApi();
  const site = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), 'demo', '--serve', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let siteLog = '';
  site.stdout.on('data', (d) => (siteLog += d));
  site.stderr.on('data', (d) => (siteLog += d));
  const siteExit = new Promise((r) => site.on('close', (code) => r(code)));
  try {
    await waitForDemo(port);
    const config = execFileSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'demo', '--print-config', '--port', String(port)], { encoding: 'utf8' });
    step('uses: ./ with mode: local');
    const first = await runActionAsRunner(workspace, temp, { mode: 'local', path: 'mirror', config }, api.url);
    if (first.code !== 0) fail(`the action failed (exit ${first.code}):\n${first.log}`);
    console.log(`  ${checkMirror(join(workspace, 'mirror'), config, first.outputs['new-articles'])}`);

    step('uses: ./ with mode: local, dry-run: true');
    const before = files(join(workspace, 'dry-run'));
    const dry = await runActionAsRunner(workspace, temp, { mode: 'local', path: 'dry-run', config, 'dry-run': 'true' }, api.url);
    if (dry.code !== 0) fail(`the dry run failed (exit ${dry.code}):\n${dry.log}`);
    console.log(`  ${checkUntouched(join(workspace, 'dry-run'), before, dry.outputs['new-articles'])}`);
    if (api.requests.length) fail(`mode local made ${api.requests.length} API request(s): ${api.requests.slice(0, 5).join(', ')}`);
    console.log('  no API request in either run');
  } finally {
    site.kill('SIGTERM');
    const code = await siteExit;
    await api.close();
    rmSync(temp, { recursive: true, force: true });
    if (code !== 0) console.error(`demo site exited ${code}:\n${siteLog}`);
  }
}

function step(title) {
  console.log(`\n== ${title}`);
}

async function main(argv) {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { config: { type: 'string' }, new: { type: 'string' } },
    allowPositionals: true,
  });
  if (command === 'wait') return waitForDemo(Number(positionals[0]));
  if (command === 'check') {
    if (!positionals[0] || !values.config) fail('usage: self-test.mjs check DIR --config FILE --new N');
    return console.log(checkMirror(positionals[0], readFileSync(values.config, 'utf8'), values.new));
  }
  if (command === 'check-untouched') {
    if (!positionals[0]) fail('usage: self-test.mjs check-untouched DIR --new N');
    return console.log(checkUntouched(positionals[0], [], values.new));
  }
  if (command === 'local') {
    await local();
    return console.log('\nself-test passed');
  }
  fail('usage: self-test.mjs wait PORT | check DIR --config FILE --new N | check-untouched DIR --new N | local');
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e instanceof CheckFailed ? `self-test: ${e.message}` : e);
  process.exit(1);
});
