import * as client from 'openid-client';
import * as z from 'zod/mini';
import { BoundedCache } from '../kernel/bounded-cache';
import { isLoopback } from '../config/loopback';
import { ENTRA_ISSUER_ALIASES, type EntraSettings } from '../config/schema';
import type { Clock, Fetch } from '../kernel/ports';
import { fail, ok, type Result } from '../kernel/result';
import { entraIssuer } from './issuer';
import { METADATA_LIFETIME_MS, type DiscoveryStore, type StoredDiscovery } from './discovery-store';

/** The platform's own fetch, where no other is given. */
export const globalFetch: Fetch = (url, options) => fetch(url, options as RequestInit);

/**
 * Finding an OpenID provider: Entra ID's discovery, checked against the cloud's hosts and the
 * tenant, and standard discovery at another provider's issuer; both cached per issuer.
 */
/** How many tenants a process remembers (one in practice; the bound keeps memory flat). */
const METADATA_CACHE_SIZE = 16;

/** How the bridge reaches Entra ID: the Fetch API (stand-ins and fault injection go here) and a timeout. */
export interface OidcTransport {
  readonly fetch?: Fetch;
  /** Seconds for each request to Entra ID. */
  readonly timeoutSeconds?: number;
  readonly clock: Clock;
  /** Discovery documents kept in storage, so a cold process starts a sign-in without fetching one (Forge). */
  readonly discoveryStore?: DiscoveryStore;
}

export interface TenantEntry {
  readonly metadata: client.ServerMetadata;
  /** openid-client's exported JWKS cache, shared by every Configuration made for this tenant. */
  jwks?: client.ExportedJWKSCache;
  readonly expiresAt: number;
}

/** Public discovery documents and JWKS, found by their own issuer URL (the same for every site using that tenant). */
const tenants = new BoundedCache<TenantEntry>(METADATA_CACHE_SIZE, METADATA_LIFETIME_MS);


export { entraIssuer } from './issuer';

/** Client metadata: RS256 is the only ID-token algorithm accepted, whatever discovery says. */
export const CLIENT_METADATA: Partial<client.ClientMetadata> = { id_token_signed_response_alg: 'RS256' };

/** The parts of a discovery document the bridge relies on; the rest is kept as it came. */
const discoveryDocumentSchema = z.looseObject({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  jwks_uri: z.string(),
});
type DiscoveryDocument = z.infer<typeof discoveryDocumentSchema>;
const DOCUMENT_FIELDS = ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const satisfies readonly (keyof DiscoveryDocument)[];
/** A stored document dated this far ahead of our clock is still taken (another process's clock). */
const CLOCK_SKEW_MS = 60 * 1000;

/** Entra's discovery documents are a few KiB; anything far larger is not one. */
const MAX_DISCOVERY_BYTES = 64 * 1024;

/**
 * The issuer named by the tenant's own discovery document, accepted only when it is that
 * cloud's host (or a documented alias of it) and the configured tenant; the endpoints must
 * be on the cloud's sign-in host, the one host the manifest lets the bridge reach.
 */
function checkDiscovery(entra: EntraSettings, document: DiscoveryDocument): Result<client.ServerMetadata> {
  const authority = new URL(entra.authority);
  const expectedPath = `${isLoopback(authority) ? authority.pathname.replace(/\/+$/, '') : ''}/${entra.tenantId}/v2.0`;
  const issuerOrigins = [authority.origin, ...(ENTRA_ISSUER_ALIASES[authority.origin] ?? [])];
  const issuer = URL.canParse(document.issuer) ? new URL(document.issuer) : undefined;
  if (issuer === undefined || !issuerOrigins.includes(issuer.origin) || issuer.pathname !== expectedPath || issuer.search !== '' || issuer.hash !== '') {
    return fail('OIDC_DISCOVERY_FAILED', `the discovery document names an issuer outside ${authority.origin}/${entra.tenantId}`);
  }
  for (const endpoint of [document.authorization_endpoint, document.token_endpoint, document.jwks_uri]) {
    if (!URL.canParse(endpoint) || new URL(endpoint).origin !== authority.origin) {
      return fail('OIDC_DISCOVERY_FAILED', `the discovery document points outside ${authority.origin}`);
    }
  }
  return ok(document as client.ServerMetadata);
}

/** Reads a discovery document of Entra ID at `url`, bounded in time and size; its shape checked, not yet its issuer. */
async function readEntraDiscovery(url: string, authority: string, tenant: string, transport: OidcTransport): Promise<Result<DiscoveryDocument>> {
  const seconds = transport.timeoutSeconds ?? 10;
  const signal = AbortSignal.timeout(seconds * 1000);
  let text: string;
  try {
    const response = await Promise.race([
      (transport.fetch ?? globalFetch)(url, { method: 'GET', headers: { accept: 'application/json' }, redirect: 'manual', signal, body: undefined }),
      new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('timeout')))),
    ]);
    if (response.status === 429) return fail('ENTRA_RATE_LIMITED', 'tenant discovery');
    text = await response.text();
    if (response.status !== 200) {
      const aadsts = /\bAADSTS(\d{4,7})\b/.exec(text)?.[1];
      // A mistyped Directory (tenant) ID: Entra answers 400 with AADSTS90002, which no retry mends.
      if (aadsts === '90002') return fail('ENTRA_TENANT_NOT_FOUND', `AADSTS90002: no tenant ${tenant} in ${new URL(authority).host}`);
      return fail('OIDC_DISCOVERY_FAILED', `HTTP ${response.status}${aadsts === undefined ? '' : ` (AADSTS${aadsts})`} from ${url}`);
    }
  } catch {
    return fail('OIDC_DISCOVERY_FAILED', `could not read ${url}`);
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_DISCOVERY_BYTES) return fail('OIDC_DISCOVERY_FAILED', `${url} is not a discovery document`);
  let document: unknown;
  try {
    document = JSON.parse(text) as unknown;
  } catch {
    return fail('OIDC_DISCOVERY_FAILED', `${url} is not JSON`);
  }
  const parsed = discoveryDocumentSchema.safeParse(document);
  return parsed.success ? ok(parsed.data) : fail('OIDC_DISCOVERY_FAILED', `${url} is not a discovery document`);
}

/** Reads the tenant's discovery document, bounded in time and size. */
async function discover(entra: EntraSettings, transport: OidcTransport): Promise<Result<client.ServerMetadata>> {
  const read = await readEntraDiscovery(`${entraIssuer(entra)}/.well-known/openid-configuration`, entra.authority, entra.tenantId, transport);
  return read.ok ? checkDiscovery(entra, read.value) : read;
}

const GUID_IN_ISSUER = /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/v2\.0$/;

/**
 * The Directory (tenant) ID of a tenant named by one of its domains (`contoso.onmicrosoft.com`,
 * or a verified custom domain), which Entra ID accepts in place of the ID: its discovery
 * document's issuer names the tenant by ID. The bridge saves the ID, which never changes.
 */
export async function tenantIdOfDomain(authority: string, domain: string, transport: OidcTransport): Promise<Result<string>> {
  const read = await readEntraDiscovery(`${authority}/${encodeURIComponent(domain)}/v2.0/.well-known/openid-configuration`, authority, domain, transport);
  if (!read.ok) return read;
  const { issuer } = read.value;
  // The cloud's own issuer host (or its documented alias), as checkDiscovery holds it.
  const origin = new URL(authority).origin;
  const issuerOrigins = [origin, ...(ENTRA_ISSUER_ALIASES[origin] ?? [])];
  const tenantId = URL.canParse(issuer) && issuerOrigins.includes(new URL(issuer).origin) ? GUID_IN_ISSUER.exec(issuer)?.[1] : undefined;
  return tenantId === undefined ? fail('OIDC_DISCOVERY_FAILED', `the discovery document of ${domain} names no tenant of ${new URL(authority).host}`) : ok(tenantId);
}

/**
 * A stored discovery document still in its lifetime, its shape checked by hand (this is the
 * cold start's path) and then by `check`, as a fetched one is; anything else is not used.
 */
async function storedEntry(issuer: string, transport: OidcTransport, now: number, check: (document: DiscoveryDocument) => Result<client.ServerMetadata>): Promise<TenantEntry | undefined> {
  let raw: unknown;
  try {
    raw = await transport.discoveryStore?.read(issuer);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { issuer: storedIssuer, metadata, fetchedAt } = raw as Partial<Record<keyof StoredDiscovery, unknown>>;
  if (storedIssuer !== issuer || typeof fetchedAt !== 'number' || fetchedAt > now + CLOCK_SKEW_MS || now - fetchedAt >= METADATA_LIFETIME_MS) return undefined;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return undefined;
  const document = metadata as Record<string, unknown>;
  if (DOCUMENT_FIELDS.some((field) => typeof document[field] !== 'string')) return undefined;
  const checked = check(document as DiscoveryDocument);
  return checked.ok ? { metadata: checked.value, expiresAt: fetchedAt + METADATA_LIFETIME_MS } : undefined;
}

/** Keeps a fetched document for other processes; a storage fault costs only a later fetch. */
async function keep(issuer: string, metadata: client.ServerMetadata, transport: OidcTransport, now: number): Promise<void> {
  await transport.discoveryStore?.write({ issuer, metadata, fetchedAt: now }).catch(() => undefined);
}

/**
 * A provider's discovery document by its issuer: from memory, else from storage (checked by
 * `check` as a fetched one is), else by `fetchDocument`, then kept in memory and in storage.
 */
async function cachedEntry(
  issuer: string,
  transport: OidcTransport,
  check: (document: DiscoveryDocument) => Result<client.ServerMetadata>,
  fetchDocument: () => Promise<Result<client.ServerMetadata>>,
): Promise<Result<TenantEntry>> {
  const now = transport.clock.now().getTime();
  const cached = tenants.get(issuer, now);
  if (cached !== undefined && cached.expiresAt > now) return ok(cached);
  const stored = await storedEntry(issuer, transport, now, check);
  if (stored !== undefined) {
    tenants.set(issuer, stored, now);
    return ok(stored);
  }
  const metadata = await fetchDocument();
  if (!metadata.ok) return metadata;
  const entry: TenantEntry = { metadata: metadata.value, expiresAt: now + METADATA_LIFETIME_MS };
  tenants.set(issuer, entry, now);
  await keep(issuer, metadata.value, transport, now);
  return ok(entry);
}

/** Discovery of `{authority}/{tenant}/v2.0`, cached per tenant for a bounded time (in memory, and in storage where there is one). */
export function tenantEntry(entra: EntraSettings, transport: OidcTransport): Promise<Result<TenantEntry>> {
  return cachedEntry(
    entraIssuer(entra),
    transport,
    (document) => checkDiscovery(entra, document),
    () => discover(entra, transport),
  );
}

/**
 * An upstream OpenID provider: an Entra ID tenant (discovered and checked as Entra ID, see
 * checkDiscovery), or another provider found by standard discovery at its issuer URL
 * (openid-client checks that the document names that very issuer).
 */
export type Provider = { readonly kind: 'entra'; readonly entra: EntraSettings } | { readonly kind: 'oidc'; readonly issuer: string; readonly clientId: string };

/** Discovery at a generic provider's issuer, cached per issuer for a bounded time (in memory, and in storage where there is one). */
export function issuerEntry(issuer: string, clientId: string, transport: OidcTransport): Promise<Result<TenantEntry>> {
  return cachedEntry(
    issuer,
    transport,
    // openid-client's discovery accepted the document because it names this very issuer: so must a stored one.
    (document) => (document.issuer === issuer ? ok(document as client.ServerMetadata) : fail('OIDC_DISCOVERY_FAILED', 'the stored document names another issuer')),
    async () => {
      try {
        const config = await client.discovery(new URL(issuer), clientId, CLIENT_METADATA, client.None(), {
          ...(transport.fetch !== undefined && { [client.customFetch]: transport.fetch }),
          ...(isLoopback(issuer) && { execute: [client.allowInsecureRequests] }),
          timeout: transport.timeoutSeconds ?? 10,
        });
        return ok(config.serverMetadata());
      } catch {
        return fail('OIDC_DISCOVERY_FAILED', `could not read ${issuer}/.well-known/openid-configuration`);
      }
    },
  );
}

/** A provider's discovery entry, however it is found. */
export function providerEntry(provider: Provider, transport: OidcTransport): Promise<Result<TenantEntry>> {
  return provider.kind === 'entra' ? tenantEntry(provider.entra, transport) : issuerEntry(provider.issuer, provider.clientId, transport);
}

/** The issuer discovery names, and whether the answer's `iss` was there to compare with it. */
export interface ResponseIssuerCheck {
  readonly issuer: string;
  readonly compared: boolean;
}

/**
 * RFC 9207 at the callback, before any code is redeemed: a provider whose discovery says it
 * names itself in its answers (`authorization_response_iss_parameter_supported`) must have
 * done so, and an `iss` any provider sends must be its own issuer. Entra ID advertises
 * neither; for it the Redirect URI of each connection is the defence (connections.ts).
 */
export async function checkResponseIssuer(provider: Provider, iss: string | undefined, transport: OidcTransport): Promise<Result<ResponseIssuerCheck>> {
  const entry = await providerEntry(provider, transport);
  if (!entry.ok) return entry;
  const { issuer, authorization_response_iss_parameter_supported: advertised } = entry.value.metadata;
  if (iss === undefined) return advertised === true ? fail('OIDC_ISSUER_MISSING') : ok({ issuer, compared: false });
  return iss === issuer ? ok({ issuer, compared: true }) : fail('OIDC_ISSUER_MISMATCH');
}

/** Forgets every cached tenant (tests, and a configuration change). */
export function forgetTenants(): void {
  tenants.clear();
}
