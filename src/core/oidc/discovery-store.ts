import type { ServerMetadata } from 'openid-client';

/**
 * Discovery documents kept in storage, apart from the discovery code itself: the storage
 * adapters import this module, and every web trigger loads them, the metadata and health
 * triggers too, which must not load openid-client.
 */

/** How long a discovery document is trusted: in a warm process, and in storage. */
export const METADATA_LIFETIME_MS = 60 * 60 * 1000;

/** A discovery document as kept in storage: public data, found by its issuer. */
export interface StoredDiscovery {
  readonly issuer: string;
  readonly metadata: ServerMetadata;
  /** Milliseconds since the epoch when it was fetched; trusted for METADATA_LIFETIME_MS from then. */
  readonly fetchedAt: number;
}

/**
 * Storage for discovery documents. A read gives back whatever was stored (or undefined); the
 * document is checked again as if just fetched before it is used. Faults are not fatal:
 * the document is then fetched from the provider.
 */
export interface DiscoveryStore {
  read(issuer: string): Promise<unknown>;
  write(record: StoredDiscovery): Promise<void>;
}
