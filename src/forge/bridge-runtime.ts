import type { WebTriggerRequest, WebTriggerResponse } from '@forge/api';
import { createBridgeHandlers } from '../core/bridge/handlers';
import type { HttpRequest, HttpResponse } from '../core/http/types';
import { systemClock, type Clock, type Fetch, type Logger } from '../core/ports';
import type { BridgeEndpoints } from '../core/setup/stored-setup';
import { timeBounded } from '../core/storage-time-bound';
import { KvsAuditLog, KvsSetupStore, KvsSingleUseStore } from './kvs-storage';
import { WEB_TRIGGER_KEYS, type ForgePlatform } from './platform';
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
  return {
    setup: timeBounded(new KvsSetupStore(platform.kvs), ms),
    audit: timeBounded(new KvsAuditLog(platform.kvs), ms),
    logins: timeBounded(new KvsSingleUseStore(platform.kvs), ms),
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

/** The bridge's URLs, asked of the platform once per warm process (they are fixed per installation). */
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

export type WebTriggerHandler = (request: WebTriggerRequest) => Promise<WebTriggerResponse>;

function webTrigger(handle: (request: HttpRequest) => Promise<HttpResponse> | HttpResponse): WebTriggerHandler {
  return async (request) => toWebTriggerResponse(await handle(toHttpRequest(request)));
}

/** The sign-in endpoints on Forge: web triggers over @forge/kvs storage. */
export function createForgeBridge(platform: ForgePlatform, options: ForgeRuntimeOptions = {}) {
  const stores = storesOf(platform, options);
  const bridge = createBridgeHandlers({
    ...transportOf(options),
    setup: stores.setup,
    audit: stores.audit,
    store: stores.logins,
    logger: options.logger ?? consoleLogger,
    endpoints: endpointsOf(platform),
    settingsCacheMs: options.settingsCacheMs ?? 30_000,
  });
  return {
    sso: webTrigger((request) => bridge.sso(request)),
    idpInitiatedLogin: webTrigger((request) => bridge.idpInitiatedLogin(request)),
    callback: webTrigger((request) => bridge.callback(request)),
    metadata: webTrigger((request) => bridge.metadata(request)),
    health: webTrigger(() => bridge.health()),
  };
}
