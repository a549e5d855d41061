import * as client from 'openid-client';
import type { Fetch } from '../kernel/ports';
import type { TenantEntry } from './discovery';

/**
 * Watching the token endpoint's answer as it passes (relying-party.ts): its size is bounded,
 * its ID token's header is read (which key, which algorithm), and a key the cached JWKS lacks
 * marks the cache stale, so the same response is checked again against fresh keys.
 */

/** The protected header of the ID token in a token response (not yet verified: that is openid-client's job). */
export function idTokenHeader(body: unknown): { alg?: string; kid?: string } {
  const idToken = (body as { id_token?: unknown } | null)?.id_token;
  if (typeof idToken !== 'string') return {};
  try {
    const header = JSON.parse(Buffer.from(idToken.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown; kid?: unknown };
    return { ...(typeof header.alg === 'string' && { alg: header.alg }), ...(typeof header.kid === 'string' && { kid: header.kid }) };
  } catch {
    return {};
  }
}

function parsedBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Entra ID's token responses are a few KiB; a larger one is refused before it is parsed. */
export const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

export class TokenResponseTooLargeError extends Error {
  override readonly name = 'TokenResponseTooLargeError';
}

/** What a token exchange saw of the token response: whether its ID token names a key the cached JWKS lacks, and the response itself. */
export interface TokenExchange {
  rotated: boolean;
  response?: { readonly status: number; readonly headers: [string, string][]; readonly text: string };
  /** The ID token's header as it came (verified by openid-client afterwards). */
  idTokenHeader?: { alg?: string; kid?: string };
}

/**
 * A fetch that watches the token response: when the ID token names a `kid` the cached JWKS
 * lacks (Entra rotated its keys), the cache is marked stale and the exchange remembers it, so
 * the ID token is checked again against a freshly downloaded JWKS (see redeemCodeAt).
 * openid-client alone refetches only when its copy is over 60 seconds old.
 */
export function kidAwareFetch(base: Fetch, config: client.Configuration, entry: TenantEntry, exchange: TokenExchange): Fetch {
  const tokenEndpoint = entry.metadata.token_endpoint;
  return async (url, options) => {
    const response = await base(url, options);
    if (url !== tokenEndpoint) return response;
    // Read once and handed on as a new Response: cheaper than clone(), which tees the body stream.
    const text = await response.text();
    if (Buffer.byteLength(text, 'utf8') > MAX_TOKEN_RESPONSE_BYTES) throw new TokenResponseTooLargeError();
    const headers: [string, string][] = [];
    response.headers.forEach((value, name) => headers.push([name, value]));
    exchange.response = { status: response.status, headers, text };
    exchange.idTokenHeader = idTokenHeader(parsedBody(text));
    const kid = exchange.idTokenHeader.kid;
    // The keys this process knows for the tenant: the Configuration's cache, or (once another
    // callback marked that stale) the tenant entry's copy, which still holds them.
    const cache = (client.getJwksCache(config) ?? entry.jwks) as { jwks?: { keys?: { kid?: string }[] }; uat?: number } | undefined;
    if (kid !== undefined && cache !== undefined && !cache.jwks?.keys?.some((key) => key.kid === kid)) {
      delete cache.uat;
      exchange.rotated = true;
    }
    return replayed(exchange.response);
  };
}

/** A token response seen once, as a Response again. */
export function replayed(seen: NonNullable<TokenExchange['response']>): Response {
  return new Response(seen.text, { status: seen.status, headers: seen.headers });
}

