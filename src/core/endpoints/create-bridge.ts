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

export interface Bridge {
  /** What the sign-in hops run on. */
  readonly deps: BridgeDependencies;
  /** What the admin API runs on, for one caller; `onChange` is told after each save. */
  adminDependencies(actor: string, onChange?: () => void): AdminApiDependencies;
}

/**
 * The one place where the bridge's dependencies are put together, for Forge, the local
 * runtime, the tests and the bench alike. It names the admin API's needs only as a type, so
 * a sign-in function's bundle does not carry the admin code.
 */
export function createBridge(ports: BridgePorts): Bridge {
  const { stores } = ports;
  const transport = {
    clock: ports.clock,
    timeoutSeconds: ports.timeoutSeconds,
    ...(ports.fetch !== undefined && { fetch: ports.fetch }),
    ...(stores.discovery !== undefined && { discoveryStore: stores.discovery }),
  };
  return {
    deps: {
      ...transport,
      logger: ports.logger,
      setup: stores.setup,
      store: stores.logins,
      audit: stores.audit,
      refusals: ports.refusals ?? new RefusalTally(stores.refusalTrail, ports.clock),
      endpoints: ports.endpoints,
      settingsCacheMs: ports.settingsCacheMs,
    },
    adminDependencies: (actor, onChange) => ({
      ...transport,
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
    }),
  };
}
