import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateThumbprintS256, type CertificateCredential } from '../../../src/core/login/client-credential';
import { checkCredentials, forgetTenants } from '../../../src/core/login/entra-client';
import { finishLogin } from '../../../src/core/login/finish';
import type { Fetch } from '../../../src/core/ports';
import { ok } from '../../../src/core/result';
import { createSigningIdentity } from '../../../src/core/saml/certificate-factory';
import { createEntraStandIn, type EntraStandIn } from '../../../src/local/demo/entra-stand-in';
import { CookieBrowser } from '../../support/cookie-browser';
import { CALLBACK_URL, CLIENT_ID, TENANT_ID, USERS, bridgeRequest, configFor, startAtBridge, signInAtEntra, useHarness, type Harness } from '../../support/login-harness';
import { guardFor } from '../../support/login-harness';
import { readPostForm } from '../../support/post-form';

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
    clients: [{ clientId: CLIENT_ID, clientSecret: 'unused', redirectUris: [CALLBACK_URL], certificatePem: uploaded.certificatePem }],
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
  const answer = await finishLogin(bridgeRequest(browser, 'POST', CALLBACK_URL, fields), settings, async () => ok({ clientCredential: credential, signingKey: h.signer.key }), h.deps);
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
    expect(answer.body).not.toContain('SAMLResponse');
  });
});
