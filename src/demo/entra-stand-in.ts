import { createHash, generateKeyPairSync, randomUUID, X509Certificate } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml } from '../core/http/html';
import { checkClientAssertion } from './client-assertion-check';

/**
 * A stand-in for Microsoft Entra ID, built on oidc-provider and shaped like Entra: issuer
 * `{origin}{basePath}/{tenantId}/v2.0`, RS256 ID tokens carrying `tid`, `oid`, `email`,
 * `xms_edov`, `given_name`, `family_name` and `preferred_username`, `form_post`, PKCE
 * required, client secrets sent in the body. Sign-in is a list of demo users to pick from.
 * Used by the tests and by the local runtime's demo mode.
 */

export interface StandInUser {
  readonly oid: string;
  readonly email?: string;
  readonly preferredUsername?: string;
  readonly givenName?: string;
  readonly familyName?: string;
  /** Entra's "email domain owner verified"; left out of the token when undefined. */
  readonly emailDomainVerified?: boolean;
  /** Standard OpenID `email_verified` (generic providers); left out when undefined. */
  readonly emailVerified?: boolean;
  /** The tenant the account belongs to; defaults to the stand-in's tenant. */
  readonly tenantId?: string;
}

export interface StandInClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
  /**
   * A certificate uploaded to the app registration (Certificates & secrets → Certificates):
   * the client then authenticates with a signed client assertion (private_key_jwt), as Entra
   * checks it: the assertion's signature by that certificate's key, its audience, lifetime
   * and a jti never seen before.
   */
  readonly certificatePem?: string | readonly string[];
}

export interface EntraStandInOptions {
  /** Where the stand-in is reachable, e.g. http://127.0.0.1:8080 */
  readonly origin: string;
  /** A path prefix when sharing a server, e.g. /demo/entra; '' on a server of its own. */
  readonly basePath: string;
  readonly tenantId: string;
  readonly clients: readonly StandInClient[];
  readonly users: readonly StandInUser[];
  /**
   * Answers requests for other tenants under its base path as Entra ID does (400,
   * AADSTS90002: tenant not found). Off when several stand-ins share one base path.
   */
  readonly answersOtherTenants?: boolean;
  /** The stand-in's own clock, for client assertions and certificates (tests set it apart from the bridge's). */
  readonly now?: () => Date;
  /**
   * RFC 9207: name the issuer (`iss`) in every authorization response and say so in discovery,
   * as oidc-provider, Okta or Keycloak do. Off by default: Entra ID does neither.
   */
  readonly issInAuthorizationResponse?: boolean;
}

export interface EntraStandIn {
  /** What the bridge calls `authority`: origin and base path. */
  readonly authority: string;
  readonly issuer: string;
  /** Answers a request under basePath; returns false for anything else. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** Publishes a new signing key and signs with it from now on, as Entra does on rotation. */
  rotateSigningKey(): void;
  /** Certificates & secrets → Upload certificate: from now on that client authenticates with it (private_key_jwt). */
  uploadClientCertificate(clientId: string, certificatePem: string): void;
  /** Moves the stand-in's clock, as a machine whose clock is off: client assertions are judged by it. */
  setClockOffset(milliseconds: number): void;
  /** The private JWK it signs with: tests use it to forge tokens a real tenant key would sign. */
  currentSigningKey(): Readonly<Record<string, unknown>>;
}

type Jwk = Record<string, unknown> & { kid: string };

function newSigningKey(): Jwk {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...(privateKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

function pairwiseSub(oid: string): string {
  return createHash('sha256').update(oid).digest('base64url').slice(0, 43);
}

function loginPage(uid: string, base: string, users: readonly StandInUser[]): string {
  const buttons = users
    .map(
      (user) =>
        `<li><button name="login" value="${escapeHtml(user.oid)}">${escapeHtml(
          `${user.givenName ?? ''} ${user.familyName ?? ''}`.trim() || user.oid,
        )}</button> <small>${escapeHtml(user.email ?? user.preferredUsername ?? '(no email)')}</small></li>`,
    )
    .join('');
  return (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign in – Entra ID stand-in</title></head><body>' +
    '<h1>Entra ID stand-in</h1><p>Pick a demo user to sign in as.</p>' +
    `<form method="post" action="${escapeHtml(`${base}/interaction/${uid}`)}"><ul>${buttons}</ul></form></body></html>`
  );
}

export function createEntraStandIn(options: EntraStandInOptions): EntraStandIn {
  const authority = `${options.origin}${options.basePath}`;
  const tenantPath = `${options.basePath}/${options.tenantId}/v2.0`;
  const issuer = `${options.origin}${tenantPath}`;
  const users = new Map(options.users.map((user) => [user.oid, user]));
  let keys: Jwk[] = [newSigningKey()];

  let clients: readonly StandInClient[] = options.clients;
  const configuration = (): Configuration => ({
    clients: clients.map((c) => ({
      client_id: c.clientId,
      ...(c.certificatePem === undefined
        ? { client_secret: c.clientSecret, token_endpoint_auth_method: 'client_secret_post' }
        : {
            token_endpoint_auth_method: 'private_key_jwt',
            token_endpoint_auth_signing_alg: 'PS256',
            // Entra holds several certificates per app registration: any of them may sign.
            jwks: { keys: [c.certificatePem].flat().map((pem) => ({ ...(new X509Certificate(pem).publicKey.export({ format: 'jwk' }) as Record<string, unknown>), use: 'sig' })) },
          }),
      redirect_uris: [...c.redirectUris],
      response_types: ['code'],
      grant_types: ['authorization_code', 'client_credentials'],
      // As an app registration with the optional claim auth_time: every ID token says when.
      require_auth_time: true,
      id_token_signed_response_alg: 'RS256',
    })),
    jwks: { keys: keys as never },
    cookies: { keys: ['entra-stand-in-cookies'] },
    // The connection test asks for a Graph token, as it does at Entra ID.
    scopes: ['openid', 'offline_access', 'profile', 'email', 'https://graph.microsoft.com/.default'],
    claims: {
      openid: ['sub', 'tid', 'oid', 'ver'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
      email: ['email', 'email_verified', 'xms_edov'],
    },
    // Entra puts every granted claim in the ID token.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false }, clientCredentials: { enabled: true } },
    pkce: { required: () => true },
    responseTypes: ['code'],
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `${tenantPath}/interaction/${interaction.uid}` },
    // Consent is implied, as for an app an admin has consented to for the organisation.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session } = ctx.oidc;
      if (client === undefined || session?.accountId === undefined) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
    findAccount: (_ctx, sub) => {
      const user = users.get(sub);
      if (user === undefined) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub: pairwiseSub(user.oid),
          tid: user.tenantId ?? options.tenantId,
          oid: user.oid,
          ver: '2.0',
          name: `${user.givenName ?? ''} ${user.familyName ?? ''}`.trim(),
          ...(user.givenName !== undefined && { given_name: user.givenName }),
          ...(user.familyName !== undefined && { family_name: user.familyName }),
          ...(user.preferredUsername !== undefined && { preferred_username: user.preferredUsername }),
          ...(user.email !== undefined && { email: user.email }),
          ...(user.emailDomainVerified !== undefined && { xms_edov: user.emailDomainVerified }),
          ...(user.emailVerified !== undefined && { email_verified: user.emailVerified }),
        }),
      };
    },
  });

  /**
   * oidc-provider names itself in every authorization response (RFC 9207); Entra ID does not,
   * and its discovery does not advertise it. Stripped after oidc-provider answers, unless asked.
   */
  const shapedLikeEntra = (made: Provider): Provider => {
    if (options.issInAuthorizationResponse === true) return made;
    made.use(async (ctx, next) => {
      await next();
      const body: unknown = ctx.body;
      if (ctx.path === '/.well-known/openid-configuration' && typeof body === 'object' && body !== null) {
        delete (body as Record<string, unknown>)['authorization_response_iss_parameter_supported'];
      }
      if (typeof body === 'string' && body.includes('name="iss"')) ctx.body = body.replace(/<input type="hidden" name="iss" value="[^"]*"\/>\n?/g, '');
      const location = ctx.response.get('Location');
      if (location !== '' && URL.canParse(location)) {
        const url = new URL(location);
        if (url.searchParams.has('iss')) {
          url.searchParams.delete('iss');
          ctx.response.set('Location', url.href);
        }
      }
    });
    return made;
  };
  let provider = shapedLikeEntra(new Provider(issuer, configuration()));
  let callback = provider.callback();
  let clockOffset = 0;
  const now = () => new Date((options.now?.() ?? new Date()).getTime() + clockOffset);

  /**
   * A token request is read whole first, so a client assertion is judged as Entra ID judges
   * it (and refused in Entra's words) before oidc-provider, which then reads the same body.
   */
  async function token(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = new URLSearchParams(text);
    const clientId = body.get('client_id') ?? '';
    const certificates = [clients.find((c) => c.clientId === clientId)?.certificatePem ?? []].flat();
    const refused = checkClientAssertion(body, certificates, now());
    if (refused !== undefined) {
      response.writeHead(401, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      response.end(JSON.stringify(refused));
      return;
    }
    Object.assign(request, { body: text });
    await callback(request, response);
  }

  async function interaction(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(request, response);
    if (request.method === 'GET') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(loginPage(details.uid, tenantPath, options.users));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const accountId = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('login') ?? '';
    if (!users.has(accountId)) {
      await provider.interactionFinished(request, response, { error: 'access_denied', error_description: 'AADSTS50020: unknown user' });
      return;
    }
    await provider.interactionFinished(request, response, { login: { accountId } }, { mergeWithLastSubmission: false });
  }

  return {
    authority,
    issuer,
    handle(request, response) {
      const url = request.url ?? '/';
      // Another tenant under the same host, as Entra ID answers a mistyped Directory (tenant) ID.
      const otherTenant = new RegExp(`^${options.basePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/([0-9a-f]{8}-[0-9a-f-]{27})/`, 'i').exec(url)?.[1];
      if (options.answersOtherTenants !== false && otherTenant !== undefined && otherTenant.toLowerCase() !== options.tenantId.toLowerCase()) {
        response.writeHead(400, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ error: 'invalid_tenant', error_description: `AADSTS90002: Tenant '${otherTenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`, error_codes: [90002] }));
        return true;
      }
      if (!url.startsWith(`${tenantPath}/`)) return false;
      if (url.startsWith(`${tenantPath}/interaction/`)) {
        interaction(request, response).catch(() => {
          if (!response.headersSent) response.writeHead(400, { 'Content-Type': 'text/plain' });
          response.end('This sign-in has expired; start again.');
        });
        return true;
      }
      // oidc-provider is mounted under the issuer's path, as Express would mount it.
      Object.assign(request, { originalUrl: url, url: url.slice(tenantPath.length) });
      if (request.method === 'POST' && url.split('?')[0] === `${tenantPath}/token`) {
        token(request, response).catch(() => {
          if (!response.headersSent) response.writeHead(400, { 'Content-Type': 'application/json' });
          response.end(JSON.stringify({ error: 'invalid_request' }));
        });
        return true;
      }
      void callback(request, response);
      return true;
    },
    currentSigningKey() {
      return keys[0] as Jwk;
    },
    setClockOffset(milliseconds) {
      clockOffset = milliseconds;
    },
    uploadClientCertificate(clientId, certificatePem) {
      clients = clients.map((c) => (c.clientId === clientId ? { ...c, certificatePem } : c));
      provider = shapedLikeEntra(new Provider(issuer, configuration()));
      callback = provider.callback();
    },
    rotateSigningKey() {
      keys = [newSigningKey(), ...keys];
      provider = shapedLikeEntra(new Provider(issuer, configuration()));
      callback = provider.callback();
    },
  };
}
