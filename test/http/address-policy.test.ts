// The host policy on its own: which addresses count as private, what each
// kind of fetch may reach, and the connect-time DNS check (with a lookup we
// control, so no name leaves this machine).
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress, judgeHost, type LookupFunction } from '../../src/http/address-policy.js';
import { Fetcher, FetchError } from '../../src/http/fetcher.js';
import { startFixtureSite, type FixtureSite } from '../helpers/fixture-site.js';
import { rejection } from '../helpers/rejection.js';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1', '127.255.255.254', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254',
    '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '[::1]', '::', 'fe80::1', 'fc00::1', 'fd00:ec2::254',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '64:ff9b::a9fe:a9fe', '::127.0.0.1',
  ])('%s is private', (a) => expect(isPrivateAddress(a)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8', 'example.com', ''])('%s is not', (a) =>
    expect(isPrivateAddress(a)).toBe(false),
  );
});

describe('judgeHost', () => {
  const source = { allow: ['news.example', '127.0.0.1:8080'], others: 'public-only' as const };
  const article = { allow: ['news.example'], others: 'refuse' as const };

  it('trusts the hosts the config names, private or not', () => {
    expect(judgeHost(new URL('http://127.0.0.1:8080/feed'), source)).toEqual({ kind: 'trusted' });
    expect(judgeHost(new URL('https://NEWS.example/x'), article)).toEqual({ kind: 'trusted' });
  });

  it('lets a source redirect to a public host, checked again at connect time', () => {
    expect(judgeHost(new URL('https://cdn.example/feed'), source)).toEqual({ kind: 'public-only' });
  });

  it('refuses literal private addresses for a source redirect, whatever their spelling', () => {
    // WHATWG URL parsing turns decimal, hex and short IPv4 forms into dotted quads.
    for (const u of ['http://169.254.169.254/latest/meta-data/', 'http://2852039166/', 'http://0xa9fea9fe/', 'http://127.1:9090/', 'http://[::ffff:169.254.169.254]/', 'http://10.1.2.3/']) {
      const v = judgeHost(new URL(u), source);
      expect(v.kind, u).toBe('refused');
    }
  });

  it('refuses every host an article link may not use', () => {
    const v = judgeHost(new URL('https://cdn.example/a.html'), article);
    expect(v).toEqual({ kind: 'refused', reason: 'host cdn.example is not in the allowed hosts (news.example)' });
  });
});

describe('Fetcher: a name that resolves to a private address', () => {
  let site: FixtureSite;
  let trap: Server;
  let trapPort: number;
  let connects = 0;

  beforeAll(async () => {
    trap = createServer((s) => {
      connects++;
      s.destroy();
    });
    await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
    trapPort = (trap.address() as AddressInfo).port;
    site = await startFixtureSite({ '/feed.xml': { status: 302, headers: { location: `http://rebound.test:${trapPort}/feed.xml` } } });
  });
  afterAll(async () => {
    await site.close();
    await new Promise((r) => trap.close(r));
  });

  it('is refused at connect time, with no connection made, and names the host to allow', async () => {
    const asked: string[] = [];
    // DNS says rebound.test is 127.0.0.1 (a rebinding attack's second answer).
    const lookup: LookupFunction = (hostname, _options, cb) => {
      asked.push(hostname);
      cb(null, [{ address: '127.0.0.1', family: 4 }]);
    };
    const f = new Fetcher({ timeoutMs: 2000, retries: 2, lookup, sleep: async () => {} });
    const e = await rejection(f.fetchBytes(site.url('/feed.xml')), FetchError);
    expect(e.kind).toBe('blocked');
    expect(e.message).toContain(`rebound.test resolves to 127.0.0.1, a private, loopback or link-local address`);
    expect(e.message).toContain(`add "rebound.test:${trapPort}" to the channel's allow-hosts`);
    expect(asked).toEqual(['rebound.test']); // refused once, not retried
    expect(connects).toBe(0);
  });

  it('connects to a private host only when the config allows it', async () => {
    site.set('/to-trap.xml', { status: 302, headers: { location: `http://127.0.0.1:${trapPort}/feed.xml` } });
    const f = new Fetcher({ timeoutMs: 2000, retries: 0 });
    const refused = await rejection(f.fetchBytes(site.url('/to-trap.xml')), FetchError);
    expect(refused.message).toBe(
      `GET ${site.url('/to-trap.xml')}: host 127.0.0.1:${trapPort} is a private, loopback or link-local address (redirected to http://127.0.0.1:${trapPort}/feed.xml); add "127.0.0.1:${trapPort}" to the channel's allow-hosts (or fetch.allow-hosts) to allow it`,
    );
    expect(connects).toBe(0);
    // Allowed: the trap is reached (and hangs up, so the fetch fails on the network, not on the policy).
    const e = await rejection(f.fetchBytes(site.url('/to-trap.xml'), { allowHosts: [`127.0.0.1:${trapPort}`], otherHosts: 'public-only' }), FetchError);
    expect(e.kind).toBe('network');
    expect(connects).toBe(1);
  });
});
