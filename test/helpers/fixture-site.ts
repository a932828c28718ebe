// A fixture web site on 127.0.0.1 for tests: each route answers with fixed
// bytes, a status, headers, an optional delay, or a custom handler (for
// slow, truncated and reset responses). Every request is logged.
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Route {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Full control (takes precedence over status/headers/body). */
  handler?: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
}

export interface FixtureSite {
  /** e.g. http://127.0.0.1:12345 */
  origin: string;
  url(path: string): string;
  /** Replace or add a route while the server runs. */
  set(path: string, route: Route | string): void;
  remove(path: string): void;
  /** Paths requested, in order (path + query). */
  requests: string[];
  /** Latency added to every response, in ms. */
  latencyMs: number;
  close(): Promise<void>;
}

export async function startFixtureSite(routes: Record<string, Route | string> = {}, opts: { latencyMs?: number } = {}): Promise<FixtureSite> {
  const table = new Map<string, Route>();
  const set = (path: string, r: Route | string) => table.set(path, typeof r === 'string' ? { body: r } : r);
  for (const [p, r] of Object.entries(routes)) set(p, r);
  const requests: string[] = [];
  const sockets = new Set<import('node:net').Socket>();

  const site: FixtureSite = {
    origin: '',
    url: (p) => `${site.origin}${p.startsWith('/') ? p : `/${p}`}`,
    set,
    remove: (p) => void table.delete(p),
    requests,
    latencyMs: opts.latencyMs ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  const server: Server = createServer(async (req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    const route = table.get(path) ?? table.get(path.split('?')[0]!);
    const wait = (route?.delayMs ?? 0) + site.latencyMs;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    if (route.handler) {
      await route.handler(req, res);
      return;
    }
    const body = route.body ?? '';
    res.writeHead(route.status ?? 200, { 'content-type': guessType(path), ...route.headers });
    res.end(body);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return site;
}

function guessType(path: string): string {
  const p = path.split('?')[0]!;
  if (p.endsWith('.xml') || p.endsWith('.rss') || p.endsWith('.atom')) return 'application/xml';
  if (p.endsWith('.json')) return 'application/json';
  if (p.endsWith('.png')) return 'image/png';
  if (p.endsWith('.jpg')) return 'image/jpeg';
  return 'text/html';
}
