import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBalancer } from '../testkit/balancer';
import { freePort } from '../testkit/free-port';
import { guardAuthnRequestXml, redirectEncode } from '../testkit/guard';
import { startPostgres } from '../testkit/postgres';
import { CLIENT_ID, GUARD_SP, TENANT_ID } from '../testkit/constants';
import { summarize, type Timing } from './measure';
import { stubEntra } from './stub-entra';

/**
 * Bridge-only throughput: bridge processes (dist/local.mjs) on PostgreSQL, with an Entra ID
 * stub over HTTP whose tokens are made before they are asked for, so what is measured is the
 * bridge's work: the SSO start (intake, state write) and the callback (state take, token
 * request, ID-token checks, two signatures, trail write). Sign-ins are started in one timed
 * phase and finished in another (the stub makes each token between the two, untimed).
 */
export interface ReplicaThroughput {
  readonly replicas: number;
  readonly signInsPerSecond: number;
  /** Sign-ins per second of CPU the bridge processes used (their own counter): the bridge's cost, without the driver's. */
  readonly signInsPerBridgeCpuSecond: number;
  readonly latency: Timing;
  readonly failures: number;
}

/** The CPU seconds a bridge process has used, as its own /metrics reports them. */
async function cpuSeconds(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
  return Number(/^bridge_process_process_cpu_seconds_total (\S+)$/m.exec(text)?.[1] ?? 'NaN');
}

const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdefghijkl';

async function entraStubServer(): Promise<{ server: Server; authority: string; issueCode: (nonce: string) => string }> {
  let entra: ReturnType<typeof stubEntra> | undefined;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void entra?.fetch(`http://127.0.0.1${request.url ?? '/'}`, { method: request.method ?? 'GET', body: Buffer.concat(chunks).toString('utf8'), headers: {}, redirect: 'manual' }).then(async (answer) => {
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(await answer.text());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const authority = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  entra = stubEntra(authority, TENANT_ID, CLIENT_ID);
  return { server, authority, issueCode: entra.issueCode };
}

function startBridge(port: number, publicUrl: string, store: string, config: string, dataDir: string, key: Buffer): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...(process.env['BENCH_PROFILE_DIR'] === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', process.env['BENCH_PROFILE_DIR']]), 'dist/local.mjs', '--port', String(port), '--public-url', publicUrl, '--store', store, '--config', config, '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ADMIN_TOKEN, BRIDGE_ENCRYPTION_KEY: key.toString('hex'), ENTRA_CLIENT_SECRET: 'bench-secret-value' },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl+C')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`bridge exited ${code}`)));
  });
}

/** Runs `total` sign-ins with `concurrency` at a time against `url`; each: start, then (after all started) finish. */
async function drive(url: string, issueCode: (nonce: string) => string, total: number, concurrency: number): Promise<Omit<ReplicaThroughput, 'replicas'>> {
  const pool = async <T>(count: number, work: (i: number) => Promise<T>): Promise<T[]> => {
    const results: T[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await work(i);
      }
    }));
    return results;
  };
  let failures = 0;
  const startedAt = performance.now();
  const starts = await pool(total, async (i) => {
    const began = performance.now();
    const answer = await fetch(`${url}/saml/sso?SAMLRequest=${encodeURIComponent(redirectEncode(guardAuthnRequestXml({ id: `_bench-${i}-${randomBytes(4).toString('hex')}`, ssoUrl: `${url}/saml/sso` })))}`, { redirect: 'manual' });
    await answer.arrayBuffer();
    const location = new URL(answer.headers.get('location') ?? 'http://x/');
    return { ms: performance.now() - began, state: location.searchParams.get('state') ?? '', nonce: location.searchParams.get('nonce') ?? '', cookie: (answer.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
  });
  const startSeconds = (performance.now() - startedAt) / 1000;
  const codes = starts.map((start) => issueCode(start.nonce));
  const finishedAt = performance.now();
  const finishes = await pool(total, async (i) => {
    const start = starts[i];
    const began = performance.now();
    const answer = await fetch(`${url}/oidc/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: start?.cookie ?? '' },
      body: new URLSearchParams({ code: codes[i] ?? '', state: start?.state ?? '' }).toString(),
    });
    const body = await answer.text();
    if (answer.status !== 200 || !body.includes('SAMLResponse')) failures += 1;
    return performance.now() - began;
  });
  const finishSeconds = (performance.now() - finishedAt) / 1000;
  return { signInsPerSecond: total / (startSeconds + finishSeconds), signInsPerBridgeCpuSecond: Number.NaN, latency: summarize(starts.map((start, i) => start.ms + (finishes[i] ?? 0))), failures };
}

export async function replicaThroughput(counts: readonly number[], total: number, concurrency: number): Promise<ReplicaThroughput[]> {
  const work = await mkdtemp(join(tmpdir(), 'bridge-bench-replicas-'));
  const cluster = await startPostgres();
  const stub = await entraStubServer();
  const results: ReplicaThroughput[] = [];
  try {
    for (const replicas of counts) {
      const store = await cluster.createDatabase(`bench_${replicas}`);
      const ports = await Promise.all(Array.from({ length: replicas }, () => freePort()));
      const balancer = await startBalancer(ports);
      const config = join(work, `bridge-${replicas}.json`);
      await writeFile(config, JSON.stringify({ entra: { authority: stub.authority, tenantId: TENANT_ID, clientId: CLIENT_ID }, guard: { spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl, allowedDomains: ['contoso.com'] } }));
      const key = randomBytes(32);
      const children = await Promise.all(ports.map((port, i) => startBridge(port, balancer.url, store, config, join(work, `data-${replicas}-${i}`), key)));
      try {
        await drive(balancer.url, stub.issueCode, 50, concurrency);
        const before = await Promise.all(ports.map(cpuSeconds));
        const driven = await drive(balancer.url, stub.issueCode, total, concurrency);
        const after = await Promise.all(ports.map(cpuSeconds));
        const used = after.reduce((sum, seconds, i) => sum + seconds - (before[i] ?? 0), 0);
        results.push({ replicas, ...driven, signInsPerBridgeCpuSecond: total / used });
      } finally {
        // SIGTERM: a profiling run (NODE_OPTIONS=--cpu-prof) writes its profile on the way out.
        await Promise.all(children.map((child) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')))));
        await balancer.close();
      }
    }
  } finally {
    stub.server.close();
    await cluster.destroy();
    await rm(work, { recursive: true, force: true });
  }
  return results;
}
