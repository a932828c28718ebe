// Servers a test starts (GitHub stand-in, fixture site), closed after that
// test whether it passed or not. Each test file that imports this gets its
// own copy, and with it its own afterEach hook.
import { afterEach } from 'vitest';

const open = new Set<{ close(): Promise<unknown> }>();

afterEach(async () => {
  const servers = [...open];
  open.clear();
  await Promise.all(servers.map((s) => s.close()));
});

/** `server`, to be closed after the running test. */
export function closeAfterTest<T extends { close(): Promise<unknown> }>(server: T): T {
  open.add(server);
  return server;
}
