import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * The ports the kernel hands out itself: to `listen(0)` and, above all, as the local port of
 * every outgoing connection. A port found free in that range can be taken by any test's next
 * request before its server listens (seen as EADDRINUSE in a full run), so ports chosen ahead
 * come from below it.
 */
function ephemeralStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

const LOWEST = 10_000;
const HIGHEST = ephemeralStart() - 1;
/** Each test worker draws from a slice of its own, so two workers never pick the same port. */
const WORKERS = 16;
const worker = Number(process.env['VITEST_POOL_ID'] ?? process.pid) % WORKERS;
const slice = Math.floor((HIGHEST - LOWEST) / WORKERS);

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A port free on 127.0.0.1 right now (for a server whose URL must be known before it starts). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOWEST + worker * slice + Math.floor(Math.random() * slice);
    if (await isFree(port)) return port;
  }
  throw new Error('no free port below the ephemeral range');
}
