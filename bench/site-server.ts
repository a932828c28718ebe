// The benchmark's news site, run in its own process (see site.ts) so its work
// and its latency timers never compete with the measured pipeline's event
// loop. It listens on 127.0.0.1 … 127.0.0.N (all loopback on Linux), one port
// each, serves every channel's feed and article pages from generated content,
// adds a fixed latency to every response, and counts requests.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { articleHtml, feedXml } from './content.js';
import type { SiteReply, SiteRequest } from './site-protocol.js';

const hosts = Number(process.argv[2] ?? '1');
if (!Number.isInteger(hosts) || hosts < 1 || hosts > 16) throw new Error(`site-server: hosts must be 1..16, got ${process.argv[2]}`);

let latencyMs = 0;
const feeds = new Map<string, { first: number; count: number }>();
/** URL path → file on disk (read on each request: the benchmark may rewrite it between runs). */
const files = new Map<string, string>();
const log = { requests: 0, feeds: 0, articles: 0, other: 0, byHost: {} as Record<string, number> };
const sockets = new Set<Socket>();

const FEED = /^\/([A-Za-z0-9_-]+)\/feed\.xml$/;
const ARTICLE = /^\/([A-Za-z0-9_-]+)\/2026\/(\d+)\/a\d+\.html$/;

function handle(server: Server): void {
  server.on('request', (req, res) => {
    const host = req.headers.host ?? 'unknown';
    const path = (req.url ?? '/').split('?')[0]!;
    log.requests++;
    log.byHost[host] = (log.byHost[host] ?? 0) + 1;
    const origin = `http://${host}`;
    let status = 200;
    let type = 'text/html; charset=utf-8';
    let body: string | Buffer;
    let m: RegExpExecArray | null;
    if (files.has(path)) {
      log.feeds++;
      type = 'application/rss+xml; charset=utf-8';
      body = readFileSync(files.get(path)!);
    } else if ((m = FEED.exec(path)) && feeds.has(m[1]!)) {
      log.feeds++;
      const f = feeds.get(m[1]!)!;
      type = 'application/rss+xml; charset=utf-8';
      body = feedXml(origin, m[1]!, f.first, f.count);
    } else if ((m = ARTICLE.exec(path))) {
      log.articles++;
      body = articleHtml(origin, m[1]!, Number(m[2]));
    } else {
      log.other++;
      status = 404;
      type = 'text/plain';
      body = 'not found';
    }
    const send = () => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (latencyMs > 0) setTimeout(send, latencyMs);
    else send();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
}

const origins: string[] = [];
for (let i = 1; i <= hosts; i++) {
  const server = createServer({ keepAliveTimeout: 30_000 });
  handle(server);
  await new Promise<void>((resolve) => server.listen(0, `127.0.0.${i}`, resolve));
  origins.push(`http://127.0.0.${i}:${(server.address() as AddressInfo).port}`);
}

const reply = (r: SiteReply) => process.send!(r);
process.on('message', (msg: SiteRequest) => {
  if (msg.op === 'set') {
    if (msg.latencyMs !== undefined) latencyMs = msg.latencyMs;
    for (const [channel, f] of Object.entries(msg.feeds ?? {})) feeds.set(channel, f);
    for (const [path, file] of Object.entries(msg.files ?? {})) files.set(path, file);
    reply({ id: msg.id, op: 'ok' });
  } else if (msg.op === 'log') {
    reply({ id: msg.id, op: 'log', log: structuredClone(log) });
  } else if (msg.op === 'reset') {
    Object.assign(log, { requests: 0, feeds: 0, articles: 0, other: 0, byHost: {} });
    // Drop idle keep-alive connections so every measured run starts cold, like a scheduled run.
    for (const s of sockets) s.destroy();
    reply({ id: msg.id, op: 'ok' });
  }
});
// The parent going away ends the site: no orphan servers.
process.on('disconnect', () => process.exit(0));
reply({ id: 0, op: 'ready', origins });
