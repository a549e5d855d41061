import type { AdminTrail } from '../audit/admin-record';
import { RefusalTally, type RefusalCounts } from '../audit/refusals';
import type { AuditLog } from '../audit/sign-in-record';
import type { Trail } from '../audit/trail';
import type { Clock, Fetch, Logger, SingleUseStore } from '../kernel/ports';
import type { DiscoveryStore } from '../oidc/discovery-store';
import type { AdminApiDependencies } from '../setup/admin-context';
import type { BridgeEndpoints, SetupStore } from '../setup/stored-setup';
import type { BridgeDependencies } from './settings-cache';

/** Where the bridge keeps what it keeps: each runtime's adapters (Forge's KVS, files, PostgreSQL, memory). */
export interface BridgeStores {
  readonly setup: SetupStore;
  /** Login states, test tickets and results: each taken once. */
  readonly logins: SingleUseStore;
  readonly audit: AuditLog;
  readonly adminTrail: AdminTrail;
  readonly refusalTrail: Trail<RefusalCounts>;
  /** Discovery documents kept across cold starts (Forge). */
  readonly discovery?: DiscoveryStore;
}

/** Everything the bridge needs from where it runs. */
export interface BridgePorts {
  readonly stores: BridgeStores;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The Fetch API the OpenID providers are reached with (stand-ins and fault injection go here). */
  readonly fetch?: Fetch;
  /** Seconds for each request to an OpenID provider. */
  readonly timeoutSeconds: number;
  readonly endpoints: () => Promise<BridgeEndpoints>;
  /** How long a warm process reuses the configuration and secrets it read (ms). */
  readonly settingsCacheMs: number;
  /** How refusals are counted, when a runtime counts them further (the local metrics); by default on `refusalTrail`. */
  readonly refusals?: RefusalTally;
  /** The subject of new signing certificates. */
  readonly certificateName?: string;
}

function transportOf(ports: BridgePorts) {
  return {
    clock: ports.clock,
    timeoutSeconds: ports.timeoutSeconds,
    ...(ports.fetch !== undefined && { fetch: ports.fetch }),
    ...(ports.stores.discovery !== undefined && { discoveryStore: ports.stores.discovery }),
  };
}

/**
 * The one place where the bridge's dependencies are put together, for Forge, the local
 * runtime, the tests and the bench alike: what the sign-in hops run on.
 */
export function createBridge(ports: BridgePorts): BridgeDependencies {
  return {
    ...transportOf(ports),
    logger: ports.logger,
    setup: ports.stores.setup,
    store: ports.stores.logins,
    audit: ports.stores.audit,
    refusals: ports.refusals ?? new RefusalTally(ports.stores.refusalTrail, ports.clock),
    endpoints: ports.endpoints,
    settingsCacheMs: ports.settingsCacheMs,
  };
}

/**
 * What the admin API runs on, for one caller, from the same ports; `onChange` is told after
 * each save. A function of its own beside createBridge, so a sign-in function's bundle
 * leaves it out, and names the admin API's needs as a type only.
 */
export function adminDependenciesOf(ports: BridgePorts, actor: string, onChange?: () => void): AdminApiDependencies {
  const { stores } = ports;
  return {
    ...transportOf(ports),
    logger: ports.logger,
    store: stores.setup,
    loginStore: stores.logins,
    audit: stores.audit,
    adminTrail: stores.adminTrail,
    refusalTrail: stores.refusalTrail,
    actor,
    endpoints: ports.endpoints,
    ...(ports.certificateName !== undefined && { certificateName: ports.certificateName }),
    ...(onChange !== undefined && { onChange }),
  };
}
