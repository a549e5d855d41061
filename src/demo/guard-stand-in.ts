import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { escapeHtml, htmlResponse } from '../core/http/html';
import type { HttpResponse } from '../core/http/types';
import { MemoryRequestCache } from './request-cache';

/**
 * A stand-in for Atlassian Guard, built on @node-saml/node-saml as an independent SAML
 * service provider: a "Sign in with SSO" button that sends an AuthnRequest to the bridge,
 * and an ACS that verifies the Response (both signatures, audience, recipient,
 * InResponseTo) and shows what it received, or why it refused it.
 */
export interface GuardStandInOptions {
  /** e.g. http://localhost:8080/demo/guard */
  readonly baseUrl: string;
  readonly idpSsoUrl: string;
  readonly idpEntityId: string;
  /** The bridge's current signing certificate (read at each use, so a new key is picked up). */
  readonly idpCertificate: () => Promise<string | undefined>;
}

export interface GuardStandIn {
  readonly entityId: string;
  readonly acsUrl: string;
  /** POST {base}/start: a redirect to the bridge with an AuthnRequest, naming `email` as its Subject when given. */
  start(email?: string): Promise<HttpResponse>;
  /** POST {base}/acs: verify and show. */
  acs(form: URLSearchParams): Promise<HttpResponse>;
  /** GET {base}/: the sign-in page. */
  page(): HttpResponse;
  /** GET {base}/metadata: the SP metadata. */
  metadata(): Promise<HttpResponse>;
}

function page(title: string, body: string, status = 200): HttpResponse {
  return htmlResponse({ status, title, body: `<p class="muted">Atlassian Guard stand-in (demo)</p><h1>${escapeHtml(title)}</h1>${body}` });
}

export function createGuardStandIn(options: GuardStandInOptions): GuardStandIn {
  const entityId = `${options.baseUrl}/metadata`;
  const acsUrl = `${options.baseUrl}/acs`;
  const requests = new MemoryRequestCache();

  async function sp(): Promise<SAML | undefined> {
    const certificate = await options.idpCertificate();
    if (certificate === undefined) return undefined;
    return new SAML({
      issuer: entityId,
      audience: entityId,
      callbackUrl: acsUrl,
      entryPoint: options.idpSsoUrl,
      idpCert: certificate,
      idpIssuer: options.idpEntityId,
      identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
      validateInResponseTo: ValidateInResponseTo.ifPresent,
      cacheProvider: requests,
    });
  }

  return {
    entityId,
    acsUrl,
    page: () =>
      page(
        'Sign in to your Atlassian site',
        `<form method="post" action="${escapeHtml(`${options.baseUrl}/start`)}"><p><label for="email">Email</label><br><input id="email" name="email" type="email" autocomplete="email"></p>` +
          '<button type="submit">Sign in with SSO</button></form>' +
          '<p class="muted">The button sends a SAML AuthnRequest to the bridge, naming the email as Guard does (try alice.anders@contoso.com or frank@fabrikam.org); left empty, the bridge asks which directory.</p>',
      ),
    async start(email?: string) {
      const saml = await sp();
      if (saml === undefined) return page('The bridge has no signing key yet', '<p>Create one in the admin wizard.</p>', 503);
      const plain = await saml.getAuthorizeUrlAsync('demo', undefined, {});
      const location = email === undefined || email.trim() === '' ? plain : withSubject(plain, email.trim());
      return { status: 302, headers: { Location: location, 'Cache-Control': 'no-store' }, body: '' };
    },
    async acs(form) {
      const saml = await sp();
      if (saml === undefined) return page('The bridge has no signing key yet', '', 503);
      try {
        const { profile } = await saml.validatePostResponseAsync({
          SAMLResponse: form.get('SAMLResponse') ?? '',
          RelayState: form.get('RelayState') ?? '',
        });
        const attributes = Object.entries((profile?.attributes ?? {}) as Record<string, unknown>)
          .map(([name, value]) => `<tr><td><code>${escapeHtml(name)}</code></td><td>${escapeHtml(String(value))}</td></tr>`)
          .join('');
        return page(
          'Signed in',
          `<p>NameID: <strong id="name-id">${escapeHtml(profile?.nameID ?? '')}</strong></p>` +
            `<table id="attributes"><thead><tr><th>Attribute</th><th>Value</th></tr></thead><tbody>${attributes}</tbody></table>` +
            `<p class="muted">RelayState: ${escapeHtml(form.get('RelayState') ?? '')}</p>`,
        );
      } catch (error) {
        const reason = error instanceof Error ? error.message : 'unknown';
        return page('Sign-in refused', `<p id="refusal">The SAML Response was refused: ${escapeHtml(reason)}</p>`, 403);
      }
    },
    async metadata() {
      const saml = await sp();
      const xml = saml?.generateServiceProviderMetadata(null, null) ?? '';
      return { status: saml === undefined ? 503 : 200, headers: { 'Content-Type': 'application/samlmetadata+xml; charset=utf-8' }, body: xml };
    },
  };
}

/**
 * Guard names the email the person typed at Atlassian as the AuthnRequest's Subject; node-saml
 * has no option for it, so the stand-in adds it to the request node-saml made.
 */
function withSubject(authorizeUrl: string, email: string): string {
  const url = new URL(authorizeUrl);
  const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
  const subject = `<saml:Subject xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${escapeHtml(email)}</saml:NameID></saml:Subject>`;
  const withSubjectXml = xml.replace(/(<\/saml:Issuer>)/, `$1${subject}`);
  url.searchParams.set('SAMLRequest', deflateRawSync(Buffer.from(withSubjectXml, 'utf8')).toString('base64'));
  return url.href;
}
