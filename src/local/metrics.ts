import { X509Certificate } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { RefusalTally, type RefusalKind } from '../core/audit/refusals';
import type { AuditLog, SignInRecord } from '../core/audit/sign-in-record';
import type { ErrorCode } from '../core/errors/catalogue';
import { wrapPromiseMethods } from '../core/kernel/promise-methods';
import type { SetupStore } from '../core/setup/stored-setup';

/**
 * The self-hosted bridge's metrics, in Prometheus's text format (prom-client), one registry
 * per server. Nothing in them names a person: outcomes and codes only.
 */
export interface BridgeMetrics {
  readonly registry: Registry;
  /** How long a route took, from its request to its answer. */
  observe(route: string, seconds: number, status: number): void;
  /** Wraps a store so its failed calls are counted, by store and method. */
  counted<T extends object>(store: T, name: string): T;
  /** The sign-in trail, counting each outcome as it is written. */
  countedAudit(audit: AuditLog): AuditLog;
  /** A refusal before anyone authenticated. */
  refused(kind: RefusalKind, code: ErrorCode): void;
}

const SECONDS_PER_DAY = 86_400;

export function createMetrics(setup: () => SetupStore): BridgeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'bridge_process_' });
  const signIns = new Counter({ name: 'bridge_sign_ins_total', help: 'Sign-ins by kind, outcome and error code (after Entra ID authenticated someone, and test sign-ins)', labelNames: ['kind', 'outcome', 'code'], registers: [registry] });
  const refusals = new Counter({ name: 'bridge_refusals_total', help: 'Requests refused before anyone authenticated, by kind and error code', labelNames: ['kind', 'code'], registers: [registry] });
  const hops = new Histogram({
    name: 'bridge_request_duration_seconds',
    help: 'Time from request to answer, by route and status class',
    labelNames: ['route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const storeErrors = new Counter({ name: 'bridge_store_errors_total', help: 'Failed storage calls, by store and method', labelNames: ['store', 'method'], registers: [registry] });
  // Read at each scrape from the saved setup: a renewal shows at once, in whole days.
  new Gauge({
    name: 'bridge_credential_expiry_days',
    help: 'Days until a certificate or the client secret expires (negative: expired)',
    labelNames: ['credential'],
    registers: [registry],
    async collect() {
      this.reset();
      const config = await setup()
        .readConfig()
        .catch(() => undefined);
      const now = Date.now();
      const days = (at: number) => Math.floor((at - now) / 1000 / SECONDS_PER_DAY);
      const certificate = (name: string, pem: string | undefined) => pem !== undefined && this.set({ credential: name }, days(Date.parse(new X509Certificate(pem).validTo)));
      certificate('signing_certificate', config?.signing?.certificatePem);
      certificate('next_signing_certificate', config?.nextSigning?.certificatePem);
      certificate('client_certificate', config?.clientCertificate?.certificatePem);
      if (config?.clientSecretExpiresOn !== undefined) this.set({ credential: 'client_secret' }, days(Date.parse(`${config.clientSecretExpiresOn}T00:00:00Z`)));
    },
  });

  return {
    registry,
    observe(route, seconds, status) {
      hops.observe({ route, status: `${Math.floor(status / 100)}xx` }, seconds);
    },
    counted(store, name) {
      return wrapPromiseMethods(store, (call, method) =>
        call.catch((error: unknown) => {
          storeErrors.inc({ store: name, method });
          throw error;
        }),
      );
    },
    countedAudit(audit) {
      return {
        append: (record: SignInRecord) => {
          signIns.inc({ kind: record.kind, outcome: record.outcome, code: record.code ?? '' });
          return audit.append(record);
        },
        recent: (limit: number) => audit.recent(limit),
      };
    },
    refused(kind, code) {
      refusals.inc({ kind, code });
    },
  };
}

/** The core's refusal tally, counting every refusal in the metrics too (its trail writes only at powers of two). */
export class CountedRefusalTally extends RefusalTally {
  constructor(
    trail: ConstructorParameters<typeof RefusalTally>[0],
    clock: ConstructorParameters<typeof RefusalTally>[1],
    private readonly metrics: BridgeMetrics,
  ) {
    super(trail, clock);
  }

  override async record(kind: RefusalKind, code: ErrorCode): Promise<void> {
    this.metrics.refused(kind, code);
    return super.record(kind, code);
  }
}
