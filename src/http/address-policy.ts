// Which hosts a fetch may reach. One policy for every request the action
// makes, so a source redirect and an article link cannot be treated apart:
//
// - hosts the config names (the channel's source host, `allow-hosts`,
//   `fetch.allow-hosts`) are trusted, whatever their address;
// - any other host is either refused outright (article pages: a feed must not
//   send us anywhere its channel does not name) or, for the redirects of a
//   source URL (a site may move its feed to a CDN), reached only when it is a
//   public address: a literal private, loopback, link-local or metadata
//   address is refused before any connection, and a name is checked again on
//   every address DNS gives for it, at connect time (so a name cannot resolve
//   to 169.254.169.254 or 127.0.0.1 behind our back, DNS rebinding included).
import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';

/** What to do with a host the allow-list does not name. */
export type OtherHosts = 'refuse' | 'public-only';

export interface HostPolicy {
  /** Trusted hosts, `host` or `host:port`, lowercase. */
  allow: string[];
  others: OtherHosts;
}

/** The verdict on one URL: connect freely, connect only to public addresses, or refuse (with why). */
export type HostVerdict = { kind: 'trusted' } | { kind: 'public-only' } | { kind: 'refused'; reason: string };

const PRIVATE_V4 = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  PRIVATE_V4.addSubnet(net, bits, 'ipv4');
}

const PRIVATE_V6 = new BlockList();
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed in places)
  ['ff00::', 8], // multicast
  ['2001:db8::', 32], // documentation
  ['fd00:ec2::', 32], // AWS metadata over IPv6 (inside fc00::/7 already; named for the reader)
] as const) {
  PRIVATE_V6.addSubnet(net, bits, 'ipv6');
}

/** True for an IP address no public news site lives at. Not an IP address: false. */
export function isPrivateAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  const family = isIP(a);
  if (family === 4) return PRIVATE_V4.check(a, 'ipv4');
  if (family !== 6) return false;
  // IPv4 carried in IPv6 (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96) reaches that IPv4 address.
  const embedded = embeddedV4(a);
  if (embedded !== undefined) return PRIVATE_V4.check(embedded, 'ipv4');
  return PRIVATE_V6.check(a, 'ipv6');
}

function embeddedV4(v6: string): string | undefined {
  const m = /^(?:::ffff:(?:0:)?|::|64:ff9b::)(.+)$/.exec(v6);
  if (!m) return undefined;
  const tail = m[1]!;
  if (isIP(tail) === 4) return tail;
  // The same in hex groups: ::ffff:7f00:1 is 127.0.0.1.
  const g = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(tail);
  if (!g) return undefined;
  const hi = parseInt(g[1]!, 16);
  const lo = parseInt(g[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Decides for one URL (the first one asked for, or a redirect hop). */
export function judgeHost(url: URL, policy: HostPolicy): HostVerdict {
  // As the allow-list spells it: lowercase, the port only when not the default.
  const host = url.host.toLowerCase();
  const allowed = policy.allow.map((h) => h.toLowerCase());
  if (allowed.includes(host)) return { kind: 'trusted' };
  if (policy.others === 'refuse') {
    return { kind: 'refused', reason: `host ${host} is not in the allowed hosts (${allowed.join(', ') || 'none'})` };
  }
  if (isPrivateAddress(url.hostname)) {
    return { kind: 'refused', reason: `host ${host} is a private, loopback or link-local address` };
  }
  return { kind: 'public-only' };
}

/** Thrown from the connect-time lookup; the fetcher turns it into a 'blocked' FetchError. */
export class PrivateAddressError extends Error {
  readonly code = 'E_NEWS_MIRROR_PRIVATE_ADDRESS';
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`${hostname} resolves to ${address}, a private, loopback or link-local address`);
    this.name = 'PrivateAddressError';
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type LookupFunction = (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback) => void;

/**
 * A `lookup` for net/tls.connect that fails when any address of the name is
 * private: the check and the connection use the same answer, so a second DNS
 * reply cannot differ from the one checked.
 */
export function publicOnlyLookup(resolve: LookupFunction = dnsLookup as unknown as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, options.all ? [] : '', undefined);
      const list = addresses as LookupAddress[];
      const bad = list.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(new PrivateAddressError(hostname, bad.address) as unknown as NodeJS.ErrnoException, options.all ? [] : '', undefined);
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' }), '', undefined);
      callback(null, first.address, first.family);
    });
  };
}
