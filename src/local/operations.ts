import type { ServerResponse } from 'node:http';
import type { SetupStore } from '../core/setup/stored-setup';
import { isAdminToken } from './admin-endpoint';
import { sendJson } from './http-adapter';
import type { BridgeMetrics } from './metrics';
import type { Stores } from './stores';

/**
 * What an operator's load balancer and monitoring ask of a self-hosted bridge: is the
 * process up (/healthz), can it serve sign-ins (/readyz), and its metrics (/metrics).
 */

/** Ready: not draining, the store answers, and the signing key can be read. */
export async function readiness(stores: Stores, draining: boolean): Promise<{ ready: boolean; checks: Record<string, boolean> }> {
  if (draining) return { ready: false, checks: { draining: true } };
  const store = await stores.reachable();
  const signingKey = store && (await signingKeyReadable(stores.setup));
  return { ready: store && signingKey, checks: { store, signingKey } };
}

async function signingKeyReadable(setup: SetupStore): Promise<boolean> {
  try {
    const config = await setup.readConfig();
    if (config?.signing === undefined || config.secretsVersion === undefined) return false;
    return (await setup.readSecrets(config.secretsVersion))?.signing !== undefined;
  } catch {
    return false;
  }
}

export async function sendReadiness(response: ServerResponse, stores: Stores, draining: boolean): Promise<void> {
  const { ready, checks } = await readiness(stores, draining);
  sendJson(response, ready ? 200 : 503, { ready, ...checks });
}

/** /metrics, in Prometheus's text format; on the main address only for the admin token. */
export async function sendMetrics(response: ServerResponse, metrics: BridgeMetrics, authorization: string | undefined, adminToken: string | undefined): Promise<void> {
  if (adminToken !== undefined && !isAdminToken(authorization, adminToken)) {
    sendJson(response, 403, { error: 'metrics need the admin token (Authorization: Bearer …), or a separate --metrics-port' });
    return;
  }
  const text = await metrics.registry.metrics();
  response.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
  response.end(text);
}

/** Counts requests in flight, so a stop can wait for them (a drain). */
export class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  track<T>(work: Promise<T>): Promise<T> {
    this.count += 1;
    return work.finally(() => {
      this.count -= 1;
      if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Resolves when nothing is in flight, or after `ms` at most. */
  idle(ms: number): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
