import { createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import type { Fetch } from '../src/core/kernel/ports';

/**
 * An in-memory Entra ID for CPU measurements ("network stubbed"): discovery, JWKS and a
 * token endpoint answering the RS256 ID token made for the nonce a code was issued for.
 * `serve()` puts the same behind node:http, for bridge processes of their own.
 */
export function stubEntra(authority: string, tenantId: string, clientId: string, signingJwk?: Record<string, string>, keyId?: string) {
  const jwk = signingJwk ?? (generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as Record<string, string>);
  const kid = keyId ?? randomUUID();
  const issuer = `${authority}/${tenantId}/v2.0`;
  // Tokens are made when a code is issued (as Entra ID makes them while the person signs in), so the token endpoint answers at once.
  const codes = new Map<string, string>();
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const key = createPrivateKey({ key: jwk as never, format: 'jwk' });

  function idToken(nonce: string): string {
    const now = Math.floor(Date.now() / 1000);
    const input = `${encode({ alg: 'RS256', kid, typ: 'JWT' })}.${encode({
      aud: clientId, iss: issuer, iat: now, nbf: now, exp: now + 3600, nonce, tid: tenantId,
      oid: '00000000-0000-0000-66f3-3332eca7ea81', sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
      email: 'alice.anders@contoso.com', xms_edov: true, given_name: 'Alice', family_name: 'Anders',
      preferred_username: 'alice.anders@contoso.com', name: 'Alice Anders', ver: '2.0',
    })}`;
    return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
  }

  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

  const fetch: Fetch = async (url, options) => {
    const path = new URL(url).pathname;
    if (path.endsWith('/.well-known/openid-configuration')) {
      return json({
        issuer,
        authorization_endpoint: `${authority}/${tenantId}/oauth2/v2.0/authorize`,
        token_endpoint: `${authority}/${tenantId}/oauth2/v2.0/token`,
        jwks_uri: `${authority}/${tenantId}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (path.endsWith('/keys')) return json({ keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk['n'], e: jwk['e'] }] });
    if (path.endsWith('/token')) {
      const code = new URLSearchParams(String(options.body)).get('code') ?? '';
      const token = codes.get(code);
      codes.delete(code);
      return json({ token_type: 'Bearer', access_token: 'stub', expires_in: 3600, id_token: token ?? idToken('') });
    }
    return new Response('not found', { status: 404 });
  };

  /** Registers a code for a sign-in's nonce, its ID token made now (what Entra ID does when the person signs in). */
  function issueCode(nonce: string): string {
    const code = randomUUID();
    codes.set(code, idToken(nonce));
    return code;
  }

  /** A code whose ID token was made elsewhere (another process, with the same key and kid). */
  function acceptCode(code: string, token: string): void {
    codes.set(code, token);
  }

  return { fetch, issueCode, acceptCode, idToken, issuer };
}
