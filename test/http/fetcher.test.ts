import { afterEach, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { Fetcher, FetchError, DEFAULT_USER_AGENT, parseRetryAfter, type FetcherOptions } from '../../src/http/fetcher.js';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { rejection } from '../helpers/rejection.js';

const sites: FixtureSite[] = [];
async function site(...args: Parameters<typeof startFixtureSite>): Promise<FixtureSite> {
  const s = await startFixtureSite(...args);
  sites.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});

/** A fetcher whose retries wait no real time; the waits it asked for are recorded. */
function fetcher(opts: FetcherOptions = {}) {
  const waits: number[] = [];
  const f = new Fetcher({ timeoutMs: 2000, retries: 2, retryBaseMs: 100, random: () => 0.5, sleep: async (ms) => void waits.push(ms), ...opts });
  return { f, waits };
}

const failure = (p: Promise<unknown>) => rejection(p, FetchError);

describe('Fetcher', () => {
  it('fetches and decodes text, sends its user agent, counts the request', async () => {
    let ua: string | undefined;
    const s = await site({
      '/feed.xml': {
        handler: (req, res) => {
          ua = req.headers['user-agent'];
          res.writeHead(200, { 'content-type': 'application/xml' });
          res.end(iconv.encode('<rss><title>山城日报</title></rss>', 'gbk'));
        },
      },
    });
    const { f } = fetcher();
    const r = await f.fetchText(s.url('/feed.xml'), 'xml');
    expect(r).toMatchObject({ status: 200, finalUrl: s.url('/feed.xml'), text: '<rss><title>山城日报</title></rss>', charset: 'gb18030' });
    expect(ua).toBe(DEFAULT_USER_AGENT);
    expect(f.stats.requests).toBe(1);
    expect(f.stats.hosts[new URL(s.origin).host]).toEqual({ requests: 1, bytes: r.bytes.length });
  });

  it('times out on a server that does not answer, naming the URL', async () => {
    const s = await site({ '/slow.xml': { body: '<rss/>', delayMs: 1500 } });
    const { f } = fetcher({ timeoutMs: 150, retries: 1 });
    const e = await failure(f.fetchBytes(s.url('/slow.xml')));
    expect(e.kind).toBe('timeout');
    expect(e.message).toBe(`GET ${s.url('/slow.xml')}: no complete response within 150 ms after 2 attempts`);
    expect(s.requests).toEqual(['/slow.xml', '/slow.xml']);
  });

  it('does not retry a 404', async () => {
    const s = await site();
    const { f, waits } = fetcher();
    const e = await failure(f.fetchBytes(s.url('/missing.xml')));
    expect(e).toMatchObject({ kind: 'status', status: 404 });
    expect(e.message).toBe(`GET ${s.url('/missing.xml')}: HTTP 404 Not Found`);
    expect(s.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('retries a 500 and returns the later success', async () => {
    let n = 0;
    const s = await site({
      '/flaky.xml': {
        handler: (_req, res) => {
          res.writeHead(++n === 1 ? 500 : 200, { 'content-type': 'application/xml' });
          res.end(n === 1 ? 'oops' : '<rss>ok</rss>');
        },
      },
    });
    const { f, waits } = fetcher();
    const r = await f.fetchText(s.url('/flaky.xml'), 'xml');
    expect(r.text).toBe('<rss>ok</rss>');
    expect(s.requests).toHaveLength(2);
    expect(waits).toEqual([75]); // base 100 ms, equal jitter at random 0.5
    expect(f.stats).toMatchObject({ requests: 2, retries: 1 });
  });

  it('gives up on repeated 503s with a plain message, honouring Retry-After in seconds', async () => {
    const s = await site({ '/feed.xml': { status: 503, headers: { 'retry-after': '2' }, body: 'busy' } });
    const { f, waits } = fetcher();
    const e = await failure(f.fetchBytes(s.url('/feed.xml')));
    expect(e.message).toBe(`GET ${s.url('/feed.xml')}: HTTP 503 Service Unavailable after 3 attempts`);
    expect(e.status).toBe(503);
    expect(waits).toEqual([2000, 2000]);
  });

  it('honours Retry-After as an HTTP date, capped', async () => {
    let n = 0;
    const s = await site({
      '/feed.xml': {
        handler: (_req, res) => {
          if (++n === 1) {
            res.writeHead(429, { 'retry-after': new Date(Date.now() + 3600_000).toUTCString() });
            res.end();
          } else res.end('<rss/>');
        },
      },
    });
    const { f, waits } = fetcher({ maxRetryAfterMs: 5000 });
    await f.fetchBytes(s.url('/feed.xml'));
    expect(waits).toEqual([5000]);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('reports a connection reset as a network failure after retrying', async () => {
    const s = await site({ '/reset.xml': { handler: (req) => void req.socket.destroy() } });
    const { f } = fetcher();
    const e = await failure(f.fetchBytes(s.url('/reset.xml')));
    expect(e.kind).toBe('network');
    expect(e.message).toMatch(new RegExp(`^GET ${s.url('/reset.xml')}: connection failed .* after 3 attempts$`));
    expect(s.requests).toHaveLength(3);
  });

  it('fails a server that trickles bytes past the timeout', async () => {
    const s = await site({
      '/trickle.xml': {
        handler: (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/xml' });
          res.write('<rss>');
          const t = setInterval(() => res.write(' '), 30);
          res.on('close', () => clearInterval(t));
        },
      },
    });
    const { f } = fetcher({ timeoutMs: 300, retries: 0 });
    const e = await failure(f.fetchBytes(s.url('/trickle.xml')));
    expect(e.kind).toBe('timeout');
    expect(e.message).toBe(`GET ${s.url('/trickle.xml')}: no complete response within 300 ms`);
  });

  it('fails a truncated body (Content-Length larger than what was sent)', async () => {
    const s = await site({
      '/cut.xml': {
        handler: (req, res) => {
          res.writeHead(200, { 'content-type': 'application/xml', 'content-length': '1000' });
          res.write('<rss><channel><title>cut');
          setTimeout(() => req.socket.destroy(), 20);
        },
      },
    });
    const { f } = fetcher({ retries: 1 });
    const e = await failure(f.fetchBytes(s.url('/cut.xml')));
    expect(e.kind).toBe('network');
    expect(e.message).toMatch(/connection broke while reading the body after 24 bytes/);
    expect(e.message).toContain(s.url('/cut.xml'));
  });

  it('stops reading a 50 MB streamed response at the size cap', async () => {
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const s = await site({
      '/huge.xml': {
        handler: (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/xml' }); // chunked: no Content-Length to reject early
          const pump = () => {
            while (sent < 50 * 1024 * 1024) {
              sent += chunk.length;
              if (!res.write(chunk)) return void res.once('drain', pump);
            }
            res.end();
          };
          pump();
        },
      },
    });
    const { f } = fetcher({ maxBytes: 1024 * 1024 });
    const e = await failure(f.fetchBytes(s.url('/huge.xml')));
    expect(e.kind).toBe('too-large');
    expect(e.message).toBe(`GET ${s.url('/huge.xml')}: response is over the 1 MB cap`);
    expect(s.requests).toHaveLength(1); // not retried
    expect(f.stats.bytes).toBeLessThan(2 * 1024 * 1024);
    expect(sent).toBeLessThan(50 * 1024 * 1024);
  });

  it('rejects a Content-Length over the cap before reading the body', async () => {
    const s = await site({
      '/big.xml': {
        handler: (_req, res) => {
          res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
          res.write('x'.repeat(100));
        },
      },
    });
    const { f } = fetcher({ maxBytes: 1024 * 1024 });
    const e = await failure(f.fetchBytes(s.url('/big.xml')));
    expect(e.kind).toBe('too-large');
    expect(e.message).toBe(`GET ${s.url('/big.xml')}: response of 52428800 bytes is over the 1 MB cap`);
  });

  it('never has more requests in flight per host, or overall, than allowed', async () => {
    const track = () => {
      const state = { now: 0, max: 0 };
      return {
        state,
        route: {
          handler: async (_req: unknown, res: import('node:http').ServerResponse) => {
            state.max = Math.max(state.max, ++state.now);
            await new Promise((r) => setTimeout(r, 40));
            state.now--;
            res.end('ok');
          },
        },
      };
    };
    const a = track();
    const b = track();
    const total = { now: 0, max: 0 };
    const wrap = (t: ReturnType<typeof track>) => ({
      handler: async (req: unknown, res: import('node:http').ServerResponse) => {
        total.max = Math.max(total.max, ++total.now);
        await t.route.handler(req, res);
        total.now--;
      },
    });
    const sa = await site({ '/p': wrap(a) });
    const sb = await site({ '/p': wrap(b) });
    const { f } = fetcher({ perHost: 2, concurrency: 3 });
    const urls = Array.from({ length: 10 }, (_, i) => (i % 2 ? sa : sb).url(`/p?i=${i}`));
    const results = await Promise.all(urls.map((u) => f.fetchText(u, 'html')));
    expect(results.every((r) => r.text === 'ok')).toBe(true);
    expect(a.state.max).toBeLessThanOrEqual(2);
    expect(b.state.max).toBeLessThanOrEqual(2);
    expect(total.max).toBeLessThanOrEqual(3);
    expect(total.max).toBeGreaterThan(1); // it does run in parallel
  });

  it('makes no request to a host outside allowHosts', async () => {
    const s = await site({ '/secret': 'internal' });
    const { f } = fetcher();
    const e = await failure(f.fetchBytes(s.url('/secret'), { allowHosts: ['news.example'] }));
    expect(e.kind).toBe('blocked');
    expect(e.message).toBe(`GET ${s.url('/secret')}: host ${new URL(s.origin).host} is not in the allowed hosts (news.example)`);
    expect(s.requests).toEqual([]);
    expect(f.stats.requests).toBe(0);
    const meta = await failure(f.fetchBytes('http://169.254.169.254/latest/meta-data/', { allowHosts: ['news.example'] }));
    expect(meta.kind).toBe('blocked');
    expect(meta.message).toBe('GET http://169.254.169.254/latest/meta-data/: host 169.254.169.254 is not in the allowed hosts (news.example)');
  });

  it('follows redirects, but not to a host outside allowHosts', async () => {
    const inner = await site({ '/private': 'secret' });
    const s = await site({
      '/a': { status: 301, headers: { location: '/b' } },
      '/b': { status: 302, headers: { location: '/c.xml' } },
      '/c.xml': '<rss/>',
      '/out': { status: 302, headers: { location: inner.url('/private') } },
    });
    const { f } = fetcher();
    const host = new URL(s.origin).host;
    const ok = await f.fetchText(s.url('/a'), 'xml', { allowHosts: [host] });
    expect(ok).toMatchObject({ url: s.url('/a'), finalUrl: s.url('/c.xml'), text: '<rss/>' });
    const e = await failure(f.fetchBytes(s.url('/out'), { allowHosts: [host] }));
    expect(e.kind).toBe('blocked');
    expect(e.message).toContain(`(redirected to ${inner.url('/private')})`);
    expect(inner.requests).toEqual([]);
  });

  it('stops after 5 redirects and refuses non-http schemes', async () => {
    const routes = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`/r${i}`, { status: 302, headers: { location: `/r${i + 1}` } }]));
    const s = await site({ ...routes, '/ftp': { status: 302, headers: { location: 'file:///etc/passwd' } } });
    const { f } = fetcher();
    const e = await failure(f.fetchBytes(s.url('/r0')));
    expect(e.kind).toBe('redirect');
    expect(e.message).toMatch(/more than 5 redirects/);
    expect(s.requests).toHaveLength(6);
    const ftp = await failure(f.fetchBytes(s.url('/ftp')));
    expect(ftp.kind).toBe('redirect');
    expect(ftp.message).toBe(`GET ${s.url('/ftp')}: only http and https URLs are fetched (redirected to file:///etc/passwd)`);
    const file = await failure(f.fetchBytes('file:///etc/passwd'));
    expect(file.kind).toBe('blocked');
    expect(file.message).toBe('GET file:///etc/passwd: only http and https URLs are fetched');
  });
});
