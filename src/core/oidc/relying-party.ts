import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import { BoundedCache } from '../kernel/bounded-cache';
import * as client from 'openid-client';
import { isLoopback } from '../config/loopback';
import type { EntraSettings } from '../config/schema';
import type { BridgeError } from '../kernel/result';
import { fail, ok, type Result } from '../kernel/result';
import type { Fetch } from '../kernel/ports';
import type { IdTokenClaims } from './claims';
import { mapEntraError } from './entra-error-mapping';
import { clientAuthentication, type ClientCredential } from './client-credential';
import { kidAwareFetch, replayed, TokenResponseTooLargeError, MAX_TOKEN_RESPONSE_BYTES, type TokenExchange } from './token-response-watch';
import { CLIENT_METADATA, entraIssuer, globalFetch, providerEntry, type OidcTransport, type Provider, type TenantEntry } from './discovery';

export { checkResponseIssuer, entraIssuer, forgetTenants, type OidcTransport, type Provider } from './discovery';


/**
 * openid-client Configurations, reused while their discovery document is: making one costs
 * more than the ID-token checks it runs, and a reused one keeps the tenant's keys imported.
 * Found by what they are made of (the discovery document in force, the client, a hash of the
 * credential, the transport): only a caller holding that very credential can name one.
 */
const configurations = new BoundedCache<client.Configuration>(32, 60 * 60 * 1000);
/** Each transport (tests and stand-ins bring their own fetch) gets its own Configurations. */
const transportIds = new WeakMap<object, string>();

function transportId(transport: OidcTransport): string {
  if (transport.fetch === undefined) return 'global';
  let id = transportIds.get(transport.fetch);
  if (id === undefined) {
    id = randomUUID();
    transportIds.set(transport.fetch, id);
  }
  return id;
}

function credentialId(credential: ClientCredential | undefined): string {
  if (credential === undefined) return 'none';
  return createHash('sha256').update(typeof credential === 'string' ? `secret:${credential}` : `certificate:${credential.privateKeyPem}`).digest('hex');
}

/**
 * The fetch of the code exchange under way in this async context. A Configuration is shared
 * by concurrent callbacks, so its own fetch is set once and only dispatches: each exchange
 * runs its watching fetch (kidAwareFetch) here, and no callback ever sees another's token
 * response (test/core/signin/concurrent-callbacks.test.ts).
 */
const exchangeFetch = new AsyncLocalStorage<Fetch>();

/** A Configuration from the cached discovery document (cheap: no network), made once per document, client and credential. */
async function providerConfiguration(
  provider: Provider,
  transport: OidcTransport,
  credential?: ClientCredential,
): Promise<Result<{ entry: TenantEntry; config: client.Configuration; key: string }>> {
  const entry = await providerEntry(provider, transport);
  if (!entry.ok) return entry;
  const clientId = provider.kind === 'entra' ? provider.entra.clientId : provider.clientId;
  const key = [entry.value.metadata.issuer, entry.value.expiresAt, clientId, credentialId(credential), transport.timeoutSeconds ?? 10, transportId(transport)].join(' ');
  const now = transport.clock.now().getTime();
  let config = configurations.get(key, now);
  if (config === undefined) {
    const authentication = credential === undefined ? client.None() : await clientAuthentication(credential, entry.value.metadata.token_endpoint, now);
    config = new client.Configuration(entry.value.metadata, clientId, CLIENT_METADATA, authentication);
    config.timeout = transport.timeoutSeconds ?? 10;
    const base = transport.fetch ?? globalFetch;
    config[client.customFetch] = (url, options) => (exchangeFetch.getStore() ?? base)(url, options);
    // Plain http is for stand-ins on this machine only; the config schema refuses it elsewhere.
    if (isLoopback(provider.kind === 'entra' ? provider.entra.authority : provider.issuer)) client.allowInsecureRequests(config);
    configurations.set(key, config, now);
  }
  return ok({ entry: entry.value, config, key });
}

function tenantConfiguration(entra: EntraSettings, transport: OidcTransport, credential?: ClientCredential) {
  return providerConfiguration({ kind: 'entra', entra }, transport, credential);
}


export interface AuthorizationRequest {
  readonly redirectUri: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly forceAuthn: boolean;
  readonly isPassive?: boolean;
  readonly loginHint?: string;
}

/** The URL that sends the person to Entra ID: code flow, PKCE S256, form_post. */
export function authorizationUrl(entra: EntraSettings, request: AuthorizationRequest, transport: OidcTransport): Promise<Result<URL>> {
  return authorizationUrlFor({ kind: 'entra', entra }, request, transport);
}

/**
 * The URL that sends the person to their directory: code flow, PKCE S256; the answer by
 * form_post where the provider offers it (Entra ID always), else in the callback's query.
 */
export async function authorizationUrlFor(provider: Provider, request: AuthorizationRequest, transport: OidcTransport): Promise<Result<URL>> {
  const tenant = await providerConfiguration(provider, transport);
  if (!tenant.ok) return tenant;
  const { config } = tenant.value;
  const modes = config.serverMetadata().response_modes_supported;
  const formPost = provider.kind === 'entra' || modes === undefined || modes.includes('form_post');
  const parameters: Record<string, string> = {
    redirect_uri: request.redirectUri,
    response_type: 'code',
    ...(formPost && { response_mode: 'form_post' }),
    scope: 'openid profile email',
    state: request.state,
    nonce: request.nonce,
    code_challenge: pkceChallenge(request.codeVerifier),
    code_challenge_method: 'S256',
  };
  // ForceAuthn asks twice: prompt=login, and max_age=0 so the ID token must carry auth_time.
  // Either can be deleted from the URL by the person in front of the browser: the callback
  // checks auth_time against the start of the sign-in, whatever came back.
  if (request.isPassive === true) parameters['prompt'] = 'none';
  else if (request.forceAuthn) parameters['prompt'] = 'login';
  if (request.forceAuthn) parameters['max_age'] = '0';
  if (request.loginHint !== undefined) parameters['login_hint'] = request.loginHint;
  if (provider.kind === 'entra' && provider.entra.domainHint !== undefined && provider.entra.domainHint !== '') parameters['domain_hint'] = provider.entra.domainHint;
  return ok(client.buildAuthorizationUrl(config, parameters));
}

/**
 * The S256 code challenge (RFC 7636 §4.2): base64url of the SHA-256 of the verifier. The same
 * as openid-client's calculatePKCECodeChallenge, without WebCrypto's job queue, which cost a
 * quarter of a millisecond on every start (measured under load).
 */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export interface CodeRedemption {
  readonly redirectUri: string;
  /** The callback's parameters (code, state, and iss when sent), already checked for duplicates. */
  readonly callbackParameters: Readonly<Record<string, string>>;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** A client secret's Value, or the bridge's client certificate with its key. */
  readonly credential: ClientCredential;
}

/**
 * A redeemed code: the verified ID token's claims, and how it was verified (the algorithm
 * and key its header named, which openid-client checked against CLIENT_METADATA and the
 * issuer's JWKS), at which token endpoint.
 */
export interface RedeemedCode {
  readonly claims: IdTokenClaims;
  readonly tokenEndpoint: string;
  readonly algorithm: string;
  readonly keyId?: string;
}

/** openid-client wraps oauth4webapi's OperationProcessingError; the inner one names the check that failed. */
function innermost(error: unknown): { code?: unknown; message: string; claim?: unknown } {
  const outer = error as { code?: unknown; message?: unknown; cause?: unknown };
  const inner = (outer.cause instanceof Error && 'code' in outer.cause ? outer.cause : outer) as {
    code?: unknown;
    message?: unknown;
    cause?: { claim?: unknown };
  };
  return { code: inner.code ?? outer.code, message: String(inner.message ?? ''), claim: inner.cause?.claim };
}

const ID_TOKEN_CHECKS: readonly [RegExp, BridgeError['code']][] = [
  [/"alg"|JWS algorithm|signature/i, 'OIDC_ID_TOKEN_SIGNATURE'],
  [/"iss"/, 'OIDC_ID_TOKEN_ISSUER'],
  [/"aud"|"azp"/, 'OIDC_ID_TOKEN_AUDIENCE'],
  [/"nonce"/, 'OIDC_ID_TOKEN_NONCE'],
  [/"exp"|"iat"|"nbf"|timestamp/, 'OIDC_ID_TOKEN_EXPIRED'],
];

/** Entra ID (or the platform's egress in front of it) answered HTTP 429. */
function isRateLimited(error: unknown): boolean {
  if (error instanceof client.ResponseBodyError) return error.status === 429;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof Response && cause.status === 429;
}

function tokenError(error: unknown, redirectUri: string): BridgeError {
  if (error instanceof MissingIdTokenError) return { code: 'OIDC_ID_TOKEN_INVALID', detail: 'no ID token' };
  if (error instanceof TokenResponseTooLargeError || (error as { cause?: unknown }).cause instanceof TokenResponseTooLargeError) {
    return { code: 'OIDC_ID_TOKEN_TOO_LARGE', detail: `over ${MAX_TOKEN_RESPONSE_BYTES} bytes` };
  }
  if (isRateLimited(error)) return { code: 'ENTRA_RATE_LIMITED', detail: 'token endpoint' };
  if (error instanceof client.ResponseBodyError) {
    return error.status >= 500 && error.error === undefined
      ? { code: 'OIDC_TOKEN_REQUEST_FAILED', detail: `HTTP ${error.status}` }
      : mapEntraError(error.error, error.error_description, redirectUri);
  }
  const { code, message, claim } = innermost(error);
  if (code === 'OAUTH_KEY_SELECTION_FAILED') {
    return { code: 'OIDC_ID_TOKEN_SIGNATURE', detail: 'no key of the tenant matches the token' };
  }
  if (
    code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' ||
    code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED' ||
    code === 'OAUTH_INVALID_RESPONSE' ||
    code === 'OAUTH_UNSUPPORTED_OPERATION'
  ) {
    const named = typeof claim === 'string' ? `"${claim}"` : message;
    for (const [pattern, bridgeCode] of ID_TOKEN_CHECKS) if (pattern.test(named)) return { code: bridgeCode };
    if (/id_token|ID Token|JWT/.test(message)) return { code: 'OIDC_ID_TOKEN_INVALID' };
    return { code: 'OIDC_TOKEN_REQUEST_FAILED', detail: 'the token response is not valid' };
  }
  return { code: 'OIDC_TOKEN_REQUEST_FAILED', detail: 'no usable answer from the token endpoint' };
}

/**
 * Exchanges the code (with the PKCE verifier and the client secret) and validates the ID
 * token: RS256 signature by a key of the tenant's JWKS, issuer pinned to the tenant,
 * audience = client ID, nonce, expiry. Returns the ID token's claims.
 */
export function redeemCode(entra: EntraSettings, redemption: CodeRedemption, transport: OidcTransport): Promise<Result<RedeemedCode>> {
  return redeemCodeAt({ kind: 'entra', entra }, redemption, transport);
}

/** The same exchange and ID-token checks at any provider; its issuer is the one discovery named. */
export async function redeemCodeAt(provider: Provider, redemption: CodeRedemption, transport: OidcTransport): Promise<Result<RedeemedCode>> {
  const tenant = await providerConfiguration(provider, transport, redemption.credential);
  if (!tenant.ok) return tenant;
  const { entry, config, key } = tenant.value;
  const base = transport.fetch ?? globalFetch;
  const exchange: TokenExchange = { rotated: false };
  try {
    return ok(redeemed(await grant(config, entry, redemption, kidAwareFetch(base, config, entry, exchange)), entry, exchange));
  } catch (error) {
    // Entra rotated its keys since this Configuration last read the JWKS: a fresh one reads
    // them again and checks the same token response (the code was redeemed once, and is not sent again).
    const seen = exchange.response;
    if (!exchange.rotated || seen === undefined || innermost(error).code !== 'OAUTH_KEY_SELECTION_FAILED') {
      return { ok: false, error: forCredential(tokenError(error, redemption.redirectUri), redemption.credential) };
    }
    configurations.delete(key);
    const fresh = await providerConfiguration(provider, transport, redemption.credential);
    if (!fresh.ok) return fresh;
    const replay: Fetch = async (url, options) => (url === entry.metadata.token_endpoint ? replayed(seen) : base(url, options));
    try {
      return ok(redeemed(await grant(fresh.value.config, fresh.value.entry, redemption, replay), fresh.value.entry, exchange));
    } catch (retried) {
      return { ok: false, error: forCredential(tokenError(retried, redemption.redirectUri), redemption.credential) };
    }
  }
}

/** Verified claims, with the header of the very token response they came in (the exchange saw it). */
function redeemed(claims: IdTokenClaims, entry: TenantEntry, exchange: TokenExchange): RedeemedCode {
  const header = exchange.idTokenHeader ?? {};
  // openid-client accepted the token only with CLIENT_METADATA's algorithm.
  return { claims, tokenEndpoint: entry.metadata.token_endpoint ?? 'the token endpoint', algorithm: header.alg ?? String(CLIENT_METADATA.id_token_signed_response_alg), ...(header.kid !== undefined && { keyId: header.kid }) };
}

/** The code exchange and the ID-token checks on one Configuration, through `fetch`. */
async function grant(config: client.Configuration, entry: TenantEntry, redemption: CodeRedemption, fetch: Fetch): Promise<IdTokenClaims> {
  // openid-client skips the ID token's signature when it comes straight from the token
  // endpoint over TLS (OIDC Core §3.1.3.7 allows it). We check it anyway: the tenant's JWKS
  // is the proof, not the channel.
  client.enableNonRepudiationChecks(config);
  if (entry.jwks !== undefined && client.getJwksCache(config) === undefined) client.setJwksCache(config, entry.jwks);
  // The callback's parameters on the Redirect URI, as openid-client itself turns a form_post
  // Request into (the same checks follow), without a Request and its body stream to read.
  const callback = new URL(redemption.redirectUri);
  for (const [name, value] of Object.entries(redemption.callbackParameters)) callback.searchParams.append(name, value);
  const tokens = await exchangeFetch.run(fetch, () =>
    client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: redemption.codeVerifier,
      expectedState: redemption.state,
      expectedNonce: redemption.nonce,
      idTokenExpected: true,
    }),
  );
  entry.jwks = client.getJwksCache(config) ?? entry.jwks;
  const claims = tokens.claims();
  if (claims === undefined) throw new MissingIdTokenError();
  return claims as IdTokenClaims;
}

class MissingIdTokenError extends Error {
  override readonly name = 'MissingIdTokenError';
}

/**
 * A bare invalid_client (no AADSTS number we know) is about the assertion when a certificate
 * was used, not a secret: it may be a replayed or altered assertion as well as the certificate.
 */
function forCredential(error: BridgeError, credential: ClientCredential): BridgeError {
  return typeof credential !== 'string' && error.code === 'ENTRA_CLIENT_SECRET_INVALID' ? { ...error, code: 'ENTRA_CLIENT_ASSERTION_REFUSED' } : error;
}

/** Microsoft Graph in each cloud: a resource every app registration can ask a token for. */
const GRAPH_SCOPE: Readonly<Record<string, string>> = {
  'https://login.microsoftonline.com': 'https://graph.microsoft.com/.default',
  'https://login.microsoftonline.us': 'https://graph.microsoft.us/.default',
  'https://login.partner.microsoftonline.cn': 'https://microsoftgraph.chinacloudapi.cn/.default',
};

export interface ConnectionCheck {
  readonly issuer: string;
  /** False when the provider offers no way to prove the secret without a person (no client-credentials grant). */
  readonly secretProven?: boolean;
}

/**
 * The same proof for a further directory: an Entra ID tenant as above; another provider by
 * its discovery, and by a client-credentials request where its discovery offers that grant
 * (otherwise the secret is proven by the first test sign-in, and the answer says so).
 */
export async function checkProvider(provider: Provider, credential: ClientCredential, transport: OidcTransport): Promise<Result<ConnectionCheck>> {
  if (provider.kind === 'entra') return checkCredentials(provider.entra, credential, transport);
  const found = await providerConfiguration(provider, transport, credential);
  if (!found.ok) return found;
  const { issuer, grant_types_supported: grants } = found.value.entry.metadata;
  if (!(grants ?? []).includes('client_credentials')) return ok({ issuer, secretProven: false });
  try {
    await client.clientCredentialsGrant(found.value.config, {});
    return ok({ issuer, secretProven: true });
  } catch (error) {
    return { ok: false, error: tokenError(error, '') };
  }
}

/**
 * Proves the app registration works without a person: discovery finds the tenant, and a
 * client-credentials token request with the client ID and secret succeeds. Entra ID's
 * refusals (wrong secret, expired secret, unknown app) come back with their own codes.
 */
export async function checkCredentials(
  entra: EntraSettings,
  credential: ClientCredential,
  transport: OidcTransport,
): Promise<Result<ConnectionCheck>> {
  const tenant = await tenantConfiguration(entra, transport, credential);
  if (!tenant.ok) return tenant;
  const scope = GRAPH_SCOPE[entra.authority] ?? 'https://graph.microsoft.com/.default';
  try {
    await client.clientCredentialsGrant(tenant.value.config, { scope });
    return ok({ issuer: entraIssuer(entra) });
  } catch (error) {
    return { ok: false, error: forCredential(tokenError(error, ''), credential) };
  }
}
