import { renderErrorPage } from '../core/http/error-page';
import type { AdminApi } from '../core/setup/action-table';
import { redirectUriOf } from '../core/signin/connections';
import type { Demo, DemoContext } from '../local/demo-seam';
import { BodyTooLargeError, readBody, send } from '../local/http-adapter';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_DOMAIN, DEMO_OIDC, DEMO_OIDC_USERS, DEMO_TENANT_ID, DEMO_USERS } from './demo-directory';
import { createEntraStandIn } from './entra-stand-in';
import { createGuardStandIn } from './guard-stand-in';

/** The demo's own forms are small: an email address, a SAML response. */
const MAX_DEMO_BODY_BYTES = 64 * 1024;

/**
 * The demo's set-up is the operator's own, like a configuration file: a change of trust is
 * confirmed, replaces the key like any other, and is on the admin trail as the demo's.
 */
const CONFIRMED = { confirmTrustChange: true } as const;

function refused(what: string, answer: { ok: boolean; error?: { code: string; fields?: unknown } }): Error {
  return new Error(`demo set-up refused (${what}): ${answer.error?.code ?? 'no answer'} ${JSON.stringify(answer.error?.fields ?? {})}`);
}

/**
 * Stand-ins for Entra ID, a second OpenID provider and Atlassian Guard on the bridge's own
 * server, and the bridge set up against them: `npm start` signs a person in out of the box.
 */
export function demoStandIns(context: DemoContext): Demo {
  const { publicUrl, endpoints } = context;
  const entra = createEntraStandIn({
    origin: publicUrl,
    basePath: '/demo/entra',
    tenantId: DEMO_TENANT_ID,
    clients: [{ clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, redirectUris: [endpoints.callbackUrl] }],
    users: DEMO_USERS,
  });
  const genericDirectory = createEntraStandIn({
    origin: publicUrl,
    basePath: '/demo/oidc',
    tenantId: DEMO_OIDC.realm,
    // Each directory has a Redirect URI of its own (RFC 9700 §4.4.2): the callback URL and the connection's name.
    clients: [{ clientId: DEMO_OIDC.clientId, clientSecret: DEMO_OIDC.clientSecret, redirectUris: [redirectUriOf(DEMO_OIDC.connectionId, endpoints.callbackUrl)] }],
    // Like most OpenID providers other than Entra ID, it names itself in its answers (RFC 9207).
    issInAuthorizationResponse: true,
    users: DEMO_OIDC_USERS,
  });
  const guard = createGuardStandIn({
    baseUrl: `${publicUrl}/demo/guard`,
    idpSsoUrl: endpoints.ssoUrl,
    idpEntityId: endpoints.metadataUrl,
    idpCertificate: context.signingCertificate,
  });

  async function setUp(api: AdminApi): Promise<void> {
    for (const [what, step] of [
      ['the Entra ID step', () => api.saveEntraStep({ authority: entra.authority, tenantId: DEMO_TENANT_ID, clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, ...CONFIRMED })],
      ['the Guard step', () => api.saveGuardStep({ spEntityId: guard.entityId, acsUrl: guard.acsUrl, allowedDomains: [DEMO_DOMAIN], ...CONFIRMED })],
    ] as const) {
      const answer = await step();
      if (!answer.ok) throw refused(what, answer);
    }
    const setup = await api.getSetup();
    if (setup.ok && setup.value.signing === undefined) {
      const key = await api.createSigningKey();
      if (!key.ok) throw refused('the signing key', key);
    }
    const directory = await api.saveConnection({
      id: DEMO_OIDC.connectionId,
      kind: 'oidc',
      preset: 'generic',
      issuer: genericDirectory.issuer,
      clientId: DEMO_OIDC.clientId,
      allowedDomains: [DEMO_OIDC.domain],
      clientSecret: DEMO_OIDC.clientSecret,
      ...CONFIRMED,
    });
    if (!directory.ok) throw refused('the second directory', directory);
    // The demo uses what Microsoft recommends: the bridge's own certificate, uploaded to the stand-in's app registration.
    const certificate = await api.createClientCertificate();
    if (!certificate.ok || certificate.value.clientCertificate === undefined) throw new Error('demo set-up refused: no client certificate');
    entra.uploadClientCertificate(DEMO_CLIENT_ID, certificate.value.clientCertificate.certificatePem);
    // The demo did upload it, and says so as an admin would (the server is not listening yet, so Test connection cannot prove it here).
    const uploaded = await api.acknowledgeCertificateUpload({ thumbprintSha1: certificate.value.clientCertificate.thumbprintSha1 });
    if (!uploaded.ok) throw refused('the certificate upload', uploaded);
  }

  async function handle(request: Parameters<Demo['handle']>[0], response: Parameters<Demo['handle']>[1], url: URL): Promise<boolean> {
    if (entra.handle(request, response) || genericDirectory.handle(request, response)) return true;
    if (url.pathname !== '/demo/guard' && !url.pathname.startsWith('/demo/guard/')) return false;
    const route = url.pathname.slice('/demo/guard'.length);
    const method = (request.method ?? 'GET').toUpperCase();
    if (route === '' || route === '/') return (send(response, guard.page()), true);
    if (route === '/metadata') return (send(response, await guard.metadata()), true);
    if (method !== 'POST' || (route !== '/start' && route !== '/acs')) return false;
    let body: string;
    try {
      body = await readBody(request, MAX_DEMO_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) send(response, renderErrorPage({ code: 'HTTP_BODY_TOO_LARGE' }));
      else response.destroy();
      return true;
    }
    const form = new URLSearchParams(body);
    send(response, route === '/start' ? await guard.start(form.get('email') ?? undefined) : await guard.acs(form));
    return true;
  }

  return {
    handle,
    setUp,
    landingLinks:
      '<li><a href="/demo/guard/">Sign in through the demo</a>: Atlassian Guard stand-in → bridge → Entra ID stand-in → back</li>' +
      '<li><a href="/saml/login?RelayState=https%3A%2F%2Fcontoso.atlassian.net%2F">IdP-initiated sign-in</a></li>',
  };
}
