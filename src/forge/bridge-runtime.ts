import type { WebTriggerContext, WebTriggerRequest, WebTriggerResponse } from '@forge/api';
import type { BridgeDependencies } from '../core/endpoints/settings-cache';
import { renderErrorPage } from '../core/http/error-page';
import type { HttpRequest, HttpResponse } from '../core/http/types';
import { systemClock, type Clock, type Fetch, type Logger } from '../core/kernel/ports';
import type { BridgeEndpoints } from '../core/setup/stored-setup';
import { timeBounded } from '../core/kernel/storage-time-bound';
import { withRateLimitErrors } from './kvs-errors';
import { KvsAuditLog, KvsDiscoveryStore, KvsSetupStore, KvsSingleUseStore, KvsTrail } from './kvs-storage';
import { ADMIN_TRAIL } from '../core/audit/admin-record';
import { REFUSAL_TRAIL, RefusalTally } from '../core/audit/refusals';
import { WEB_TRIGGER_KEYS, type ForgePlatform } from './platform';
import { perInstallation } from './per-installation';
import { toHttpRequest, toWebTriggerResponse } from './web-trigger';

/** One JSON line per event on the function's log; never a token, code or secret. */
export const consoleLogger: Logger = {
  info: (event, fields) => console.info(JSON.stringify({ event, ...fields })),
  warn: (event, fields) => console.warn(JSON.stringify({ event, ...fields })),
};

export interface ForgeRuntimeOptions {
  readonly clock?: Clock;
  readonly fetch?: Fetch;
  readonly logger?: Logger;
  /** Seconds for each request to Entra ID. */
  readonly timeoutSeconds?: number;
  /** How long a warm function reuses configuration and secrets (ms). */
  readonly settingsCacheMs?: number;
  /** How long one storage call may take before it counts as a fault (ms). */
  readonly storageTimeoutMs?: number;
}

/** The storage adapters on @forge/kvs, each call bounded in time. */
export function storesOf(platform: ForgePlatform, options: ForgeRuntimeOptions) {
  const ms = options.storageTimeoutMs ?? 5_000;
  const clock = options.clock ?? systemClock;
  const now = () => clock.now().getTime();
  return {
    setup: timeBounded(withRateLimitErrors(new KvsSetupStore(platform.kvs)), ms),
    audit: timeBounded(withRateLimitErrors(new KvsAuditLog(platform.kvs, now)), ms),
    logins: timeBounded(withRateLimitErrors(new KvsSingleUseStore(platform.kvs, now)), ms),
    adminTrail: timeBounded(withRateLimitErrors(new KvsTrail(platform.kvs, ADMIN_TRAIL, now)), ms),
    refusals: timeBounded(withRateLimitErrors(new KvsTrail(platform.kvs, REFUSAL_TRAIL, now)), ms),
    discovery: timeBounded(withRateLimitErrors(new KvsDiscoveryStore(platform.kvs)), ms),
  };
}

/** The transport to Entra ID with its defaults. */
export function transportOf(options: ForgeRuntimeOptions) {
  return {
    clock: options.clock ?? systemClock,
    timeoutSeconds: options.timeoutSeconds ?? 10,
    ...(options.fetch !== undefined && { fetch: options.fetch }),
  };
}

/**
 * The bridge's URLs, asked of the platform once and then kept: callers make one of these per
 * installation (see perInstallation), since the URLs are fixed per installation only.
 */
export function endpointsOf(platform: ForgePlatform): () => Promise<BridgeEndpoints> {
  let endpoints: Promise<BridgeEndpoints> | undefined;
  return () => {
    endpoints ??= Promise.all(
      Object.entries(WEB_TRIGGER_KEYS).map(async ([role, key]) => [role, await platform.webTriggerUrl(key)] as const),
    ).then((pairs) => Object.fromEntries(pairs) as unknown as BridgeEndpoints);
    endpoints.catch(() => (endpoints = undefined));
    return endpoints;
  };
}

export type WebTriggerHandler = (request: WebTriggerRequest, context?: WebTriggerContext) => Promise<WebTriggerResponse>;

/**
 * One web-trigger function: its hop's handler, made per installation (own cached settings,
 * secrets and URLs), chosen by the installation of the running invocation: one warm process
 * may serve many sites. Each function module names only its own hop, so Forge's bundler
 * (one bundle per handler module) leaves the other hops' code out.
 */
export function webTriggerFor(
  platform: ForgePlatform,
  options: ForgeRuntimeOptions,
  make: (deps: BridgeDependencies) => (request: HttpRequest) => Promise<HttpResponse>,
): WebTriggerHandler {
  const stores = storesOf(platform, options);
  const transport = transportOf(options);
  const handlers = perInstallation(
    platform,
    () =>
      make({
        ...transport,
        discoveryStore: stores.discovery,
        setup: stores.setup,
        audit: stores.audit,
        refusals: new RefusalTally(stores.refusals, transport.clock),
        store: stores.logins,
        logger: options.logger ?? consoleLogger,
        endpoints: endpointsOf(platform),
        settingsCacheMs: options.settingsCacheMs ?? 30_000,
      }),
    () => transport.clock.now().getTime(),
  );
  return async (request) => {
    const handle = handlers();
    return toWebTriggerResponse(handle.ok ? await handle.value(toHttpRequest(request)) : renderErrorPage(handle.error));
  };
}
