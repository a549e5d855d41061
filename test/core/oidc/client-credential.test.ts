import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateThumbprintS256, type CertificateCredential } from '../../../src/core/oidc/client-credential';
import { checkCredentials, forgetTenants } from '../../../src/core/oidc/relying-party';
import { finishLogin } from '../../../src/core/signin/finish';
import type { Fetch } from '../../../src/core/kernel/ports';
import { ok } from '../../../src/core/kernel/result';
import { createSigningIdentity } from '../../../src/core/saml/certificate-factory';
import { createEntraStandIn, type EntraStandIn } from '../../../src/demo/entra-stand-in';
import { CookieBrowser } from '../../../testkit/cookie-browser';
import { USERS, bridgeRequest, configFor, startAtBridge, signInAtEntra, useHarness, type Harness } from '../../../testkit/login-harness';
import { CALLBACK_URL, CLIENT_ID, TENANT_ID } from '../../../testkit/constants';
import { guardFor } from '../../../testkit/login-harness';
import { readPostForm } from '../../../testkit/post-form';
import { fixedCallbackSettings } from '../../../src/core/signin/login-settings';
import { readRequest } from '../../../src/core/http/request';

/**
 * The bridge's own certificate as its credential at Entra ID (private_key_jwt), against an
 * oidc-provider stand-in that has the certificate "uploaded" and checks the assertion as
 * Entra does: signature by that certificate's key, audience, lifetime, a jti never seen.
 */
const harness = useHarness();
let h: Harness;
let server: Server;
let standIn: EntraStandIn;
const uploaded = createSigningIdentity({ commonName: 'Entra ID SSO bridge client credential', now: new Date() });
const certificate: CertificateCredential = { privateKeyPem: uploaded.privateKeyPem, certificatePem: uploaded.certificatePem };
// Uploaded too, long ago: made six years back with the factory's five-year validity, it has expired.
const lapsed = createSigningIdentity({ commonName: 'Expired client credential', now: new Date(Date.now() - 6 * 365 * 86_400_000) });
const expired: CertificateCredential = { privateKeyPem: lapsed.privateKeyPem, certificatePem: lapsed.certificatePem };
const logged: string[] = [];

beforeAll(async () => {
  h = harness();
  server = createServer((request, response) => {
    if (!standIn.handle(request, response)) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn = createEntraStandIn({
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    basePath: '/cert',
    tenantId: TENANT_ID,
    clients: [{ clientId: CLIENT_ID, clientSecret: 'unused', redirectUris: [CALLBACK_URL], certificatePem: [uploaded.certificatePem, lapsed.certificatePem] }],
    users: Object.values(USERS),
  });
  forgetTenants();
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function signInWith(credential: CertificateCredential | string) {
  const settings = { ...h.settings, config: configFor(standIn.authority) };
  const guard = guardFor(h);
  const browser = new CookieBrowser();
  const ssoUrl = await guard.getAuthorizeUrlAsync('', undefined, {});
  const start = await startAtBridge({ ...h, settings } as Harness, browser, ssoUrl);
  const fields = await signInAtEntra(browser, start.headers['Location'] ?? '', USERS.alice.oid);
  const record = (event: string, fields?: Record<string, unknown>) => void logged.push(`${event} ${JSON.stringify(fields ?? {})}`);
  const deps = { ...h.deps, logger: { info: record, warn: record } };
  const answer = await finishLogin(readRequest(bridgeRequest(browser, 'POST', CALLBACK_URL, fields)), fixedCallbackSettings(settings), async () => ok({ clientCredential: credential, signingKey: h.signer.key }), deps);
  return Object.assign(answer, { guard });
}

describe('certificate credentials (private_key_jwt)', () => {
  it('signs a person in with the certificate the app registration holds, and Guard accepts the Response', async () => {
    const answer = await signInWith(certificate);
    expect(answer.status).toBe(200);
    const { profile } = await answer.guard.validatePostResponseAsync({ SAMLResponse: readPostForm(answer.body).fields['SAMLResponse'] ?? '' });
    expect(profile?.nameID).toBe('alice.anders@contoso.com');
  });

  it('sends the assertion Microsoft’s page asks for: PS256, typ JWT, x5t#S256; aud the token endpoint, iss = sub = client ID, jti, nbf, exp', async () => {
    const seen: string[] = [];
    const watching: Fetch = async (url, options) => {
      if (typeof options.body === 'string' || options.body instanceof URLSearchParams) seen.push(String(options.body));
      return fetch(url, options as RequestInit);
    };
    const checked = await checkCredentials(configFor(standIn.authority).entra, certificate, { clock: h.deps.clock, fetch: watching, timeoutSeconds: 2 });
    expect(checked.ok).toBe(true);
    const body = new URLSearchParams(seen.find((entry) => entry.includes('client_assertion=')) ?? '');
    expect(body.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const [header, payload] = (body.get('client_assertion') ?? '').split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>);
    expect(header).toMatchObject({ alg: 'PS256', typ: 'JWT', 'x5t#S256': certificateThumbprintS256(uploaded.certificatePem) });
    expect(payload).toMatchObject({ aud: `${standIn.issuer}/token`, iss: CLIENT_ID, sub: CLIENT_ID });
    expect(typeof payload?.['jti']).toBe('string');
    expect(Number(payload?.['exp']) - Number(payload?.['nbf'])).toBeLessThanOrEqual(600);
    // The same assertion again: the stand-in refuses it (its jti is spent), as Entra does.
    const replay = await fetch(`${standIn.issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
    expect(replay.status).toBe(401);
  });

  it('is refused by Entra ID with a certificate it does not hold: a clear page, nothing signed', async () => {
    const stranger = createSigningIdentity({ commonName: 'Not uploaded', now: new Date() });
    const answer = await signInWith({ privateKeyPem: stranger.privateKeyPem, certificatePem: stranger.certificatePem });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.body).toContain('<code>ENTRA_CLIENT_CERTIFICATE_INVALID</code>');
    expect(answer.body).toContain('AADSTS700027');
    expect(answer.body).not.toContain('SAMLResponse');
  });

  it('is refused by Entra ID with an expired certificate, even one the app registration holds: its own page, nothing signed', async () => {
    const answer = await signInWith(expired);
    expect(answer.status).toBe(500);
    expect(answer.body).toContain('<code>ENTRA_CLIENT_CERTIFICATE_EXPIRED</code>');
    expect(answer.body).toContain('AADSTS7000274');
    expect(answer.body).not.toContain('SAMLResponse');
  });

  it.each([
    ['ahead of', 10 * 60_000],
    ['behind', -10 * 60_000],
  ])('is refused when Entra ID’s clock is 10 minutes %s the bridge’s (beyond the assertion’s lifetime and Entra’s skew): its own page', async (_way, offset) => {
    standIn.setClockOffset(offset);
    try {
      const answer = await signInWith(certificate);
      expect(answer.body).toContain('<code>ENTRA_CLIENT_ASSERTION_EXPIRED</code>');
      expect(answer.body).toContain('AADSTS700024');
      expect(answer.body).not.toContain('SAMLResponse');
    } finally {
      standIn.setClockOffset(0);
    }
    // Within Entra's five minutes of skew the same certificate signs in.
    standIn.setClockOffset(2 * 60_000);
    try {
      expect((await signInWith(certificate)).status).toBe(200);
    } finally {
      standIn.setClockOffset(0);
    }
  });

  it('a replayed assertion (one captured on the wire, sent again) is refused by Entra ID, and the person sees a page with its code', async () => {
    let captured: string | undefined;
    const replaying: Fetch = async (url, options) => {
      if (String(url).endsWith('/token') && typeof options.body !== 'undefined') {
        const body = new URLSearchParams(String(options.body));
        if (captured === undefined) captured = body.get('client_assertion') ?? undefined;
        else body.set('client_assertion', captured);
        return fetch(url, { ...(options as RequestInit), body: body.toString() });
      }
      return fetch(url, options as RequestInit);
    };
    h.setFetch(replaying);
    try {
      expect((await signInWith(certificate)).status).toBe(200);
      const answer = await signInWith(certificate);
      expect(answer.status).toBe(500);
      expect(answer.body).toContain('<code>ENTRA_CLIENT_ASSERTION_REFUSED</code>');
      expect(answer.body).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}/);
      expect(answer.body).not.toContain('SAMLResponse');
      expect(captured).toMatch(/^eyJ/);
    } finally {
      h.setFetch(undefined);
    }
  });

  it('never logs a client assertion, nor the certificate’s key', () => {
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) {
      expect(line).not.toMatch(/client_assertion|eyJ[A-Za-z0-9_-]{20,}\./);
      expect(line).not.toContain('PRIVATE KEY');
    }
  });
});
