import type { ServerResponse } from 'node:http';
import { readConfig, routableConfigOf } from '../core/setup/settings-loader';
import type { SetupStore } from '../core/setup/stored-setup';
import { isAdminToken } from './admin-endpoint';
import { sendJson } from './http-adapter';
import type { BridgeMetrics } from './metrics';
import type { Stores } from './stores';

/**
 * What an operator's load balancer and monitoring ask of a self-hosted bridge: is the
 * process up (/healthz), can it serve sign-ins (/readyz), and its metrics (/metrics).
 */

/** How long one readiness verdict answers every /readyz: probes are unauthenticated, and each reads and opens the secrets. */
export const READINESS_CACHE_MS = 1_000;

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Record<string, boolean>;
}

/**
 * Ready: not draining, the store answers, the saved setup can route every sign-in (complete,
 * and no domain held by two directories), and the signing key can be read. One verdict at a
 * time serves every probe for READINESS_CACHE_MS, so a flood of probes costs one check a
 * second, not one secrets read and decryption each.
 */
export class ReadinessProbe {
  private last: { readonly at: number; readonly verdict: Promise<Readiness> } | undefined;

  constructor(
    private readonly stores: Stores,
    private readonly now: () => number,
  ) {}

  check(draining: boolean): Promise<Readiness> {
    if (draining) return Promise.resolve({ ready: false, checks: { draining: true } });
    const at = this.now();
    if (this.last === undefined || at - this.last.at >= READINESS_CACHE_MS) this.last = { at, verdict: this.measure() };
    return this.last.verdict;
  }

  private async measure(): Promise<Readiness> {
    const store = await this.stores.reachable();
    const setup = store && (await routableSetup(this.stores.setup));
    const signingKey = setup && (await signingKeyReadable(this.stores.setup));
    return { ready: store && setup && signingKey, checks: { store, setup, signingKey } };
  }
}

/** The saved setup as a sign-in reads it: complete, and routing each domain to one directory. */
async function routableSetup(setup: SetupStore): Promise<boolean> {
  const stored = await readConfig(setup);
  return stored.ok && routableConfigOf(stored.value) !== undefined;
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

export async function sendReadiness(response: ServerResponse, probe: ReadinessProbe, draining: boolean): Promise<void> {
  const { ready, checks } = await probe.check(draining);
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
