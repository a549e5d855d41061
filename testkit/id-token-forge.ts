import { createHmac, createPrivateKey, sign } from 'node:crypto';
import type { Fetch } from '../src/core/kernel/ports';

export type TokenClaims = Record<string, unknown>;

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeJwt(jwt: string): { header: Record<string, unknown>; claims: TokenClaims } {
  const [header = '', payload = ''] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims,
  };
}

export type Signing =
  | { readonly alg: 'RS256'; readonly jwk: Readonly<Record<string, unknown>> }
  | { readonly alg: 'HS256'; readonly secret: string }
  | { readonly alg: 'none' };

/** Signs claims as a JWT the way a (possibly hostile) token endpoint might. */
export function signJwt(claims: TokenClaims, signing: Signing, kid?: string): string {
  const header = { alg: signing.alg, typ: 'JWT', ...(kid !== undefined && { kid }) };
  const input = `${encode(header)}.${encode(claims)}`;
  switch (signing.alg) {
    case 'none':
      return `${input}.`;
    case 'HS256':
      return `${input}.${createHmac('sha256', signing.secret).update(input).digest('base64url')}`;
    case 'RS256': {
      const key = createPrivateKey({ key: signing.jwk as never, format: 'jwk' });
      return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
    }
  }
}

/**
 * A fetch that lets the real token endpoint redeem the code, then hands the bridge a token
 * response whose ID token was rewritten by `rewrite` (claims and signing).
 */
export function rewritingTokenFetch(
  tokenEndpointSuffix: string,
  rewrite: (idToken: { header: Record<string, unknown>; claims: TokenClaims }) => string,
): Fetch {
  return async (url, options) => {
    const response = await fetch(url, options as RequestInit);
    if (!url.endsWith(tokenEndpointSuffix) || !response.ok) return response;
    const body = (await response.json()) as Record<string, unknown>;
    const idToken = rewrite(decodeJwt(String(body['id_token'])));
    return new Response(JSON.stringify({ ...body, id_token: idToken }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
}
