import type { WebTriggerContext, WebTriggerRequest, WebTriggerResponse } from '@forge/api';
import type { BridgeDependencies } from '../core/endpoints/settings-cache';
import { renderErrorPage } from '../core/http/error-page';
import type { HttpRequest, HttpResponse } from '../core/http/types';
import { systemClock, type Clock, type Fetch, type Logger } from '../core/kernel/ports';
import type { BridgeEndpoints } from '../core/setup/stored-setup';
import { internalError } from '../core/kernel/internal-error';
import { timeBounded } from '../core/kernel/storage-time-bound';
import { withRateLimitErrors } from './kvs-errors';
import { KvsAuditLog, KvsDiscoveryStore, KvsSetupStore, KvsSingleUseStore, KvsTrail } from './kvs-storage';
import { ADMIN_TRAIL } from '../core/audit/admin-record';
import { REFUSAL_TRAIL } from '../core/audit/refusals';
import { createBridge, type BridgePorts, type BridgeStores } from '../core/endpoints/create-bridge';
import type { ForgePlatform } from './platform';
import { endpointsOfWebTriggers } from '../core/endpoints/routes';
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
export function storesOf(platform: ForgePlatform, options: ForgeRuntimeOptions): BridgeStores {
  const ms = options.storageTimeoutMs ?? 5_000;
  const clock = options.clock ?? systemClock;
  const now = () => clock.now().getTime();
  return {
    setup: timeBounded(withRateLimitErrors(new KvsSetupStore(platform.kvs)), ms),
    audit: timeBounded(withRateLimitErrors(new KvsAuditLog(platform.kvs, now)), ms),
    logins: timeBounded(withRateLimitErrors(new KvsSingleUseStore(platform.kvs, now)), ms),
    adminTrail: timeBounded(withRateLimitErrors(new KvsTrail(platform.kvs, ADMIN_TRAIL, now)), ms),
    refusalTrail: timeBounded(withRateLimitErrors(new KvsTrail(platform.kvs, REFUSAL_TRAIL, now)), ms),
    discovery: timeBounded(withRateLimitErrors(new KvsDiscoveryStore(platform.kvs)), ms),
  };
}

/** The bridge's ports on Forge for one installation: its stores, the options' defaults, and the URLs given. */
export function forgePorts(stores: BridgeStores, options: ForgeRuntimeOptions, endpoints: () => Promise<BridgeEndpoints>): BridgePorts {
  return {
    stores,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? consoleLogger,
    timeoutSeconds: options.timeoutSeconds ?? 10,
    ...(options.fetch !== undefined && { fetch: options.fetch }),
    endpoints,
    settingsCacheMs: options.settingsCacheMs ?? 30_000,
  };
}

/**
 * The bridge's URLs, asked of the platform once and then kept: callers make one of these per
 * installation (see perInstallation), since the URLs are fixed per installation only.
 */
export function endpointsOf(platform: ForgePlatform): () => Promise<BridgeEndpoints> {
  let endpoints: Promise<BridgeEndpoints> | undefined;
  return () => {
    endpoints ??= endpointsOfWebTriggers((key) => platform.webTriggerUrl(key));
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
  const logger = options.logger ?? consoleLogger;
  const clock = options.clock ?? systemClock;
  const handlers = perInstallation(
    platform,
    () => make(createBridge(forgePorts(stores, options, endpointsOf(platform)))),
    () => clock.now().getTime(),
  );
  return async (request) => {
    const handle = handlers();
    if (!handle.ok) return toWebTriggerResponse(renderErrorPage(handle.error));
    try {
      return toWebTriggerResponse(await handle.value(toHttpRequest(request)));
    } catch (error) {
      return toWebTriggerResponse(renderErrorPage(internalError(logger, 'web trigger', error)));
    }
  };
}
