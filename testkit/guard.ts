import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import type { HttpRequest } from '../src/core/http/types';
import type { IdentityProvider, ServiceProvider } from '../src/core/saml/service-provider';

/** Guard's SAML connection as in the shared fixture (test/fixtures/shared/guard-authnrequest.xml). */
export const GUARD_SP: ServiceProvider = {
  entityId: 'https://auth.atlassian.com/saml/0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  acsUrl: 'https://auth.atlassian.com/login/callback?connection=saml-0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
};

export const TEST_IDP: IdentityProvider = {
  entityId: 'https://bridge.example.net/saml/metadata',
  ssoUrl: 'https://bridge.example.net/saml/sso',
};

// From the repository root, where npm runs tests and the benchmark (bundled, import.meta.url would point elsewhere).
const FIXTURE = readFileSync('test/fixtures/shared/guard-authnrequest.xml', 'utf8').trim();

/** The Guard-shaped AuthnRequest with its placeholders filled. */
export function guardAuthnRequestXml(options: { id?: string; instant?: Date; ssoUrl?: string } = {}): string {
  return FIXTURE.replaceAll('{{ID}}', options.id ?? '_guard-request-1')
    .replaceAll('{{INSTANT}}', (options.instant ?? new Date()).toISOString())
    .replaceAll('{{SSO_URL}}', options.ssoUrl ?? TEST_IDP.ssoUrl);
}

/** The HTTP-Redirect binding's encoding: raw DEFLATE, then base64. */
export function redirectEncode(xml: string): string {
  return deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64');
}

export function getRequest(query: Record<string, string | string[]>): HttpRequest {
  const arrays = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
  return { method: 'GET', query: arrays, headers: {}, body: '' };
}

export function postFormRequest(form: Record<string, string>, contentType = 'application/x-www-form-urlencoded'): HttpRequest {
  return {
    method: 'POST',
    query: {},
    headers: { 'content-type': [contentType] },
    body: new URLSearchParams(form).toString(),
  };
}
