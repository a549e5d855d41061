import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import type { HttpRequest } from '../src/core/http/types';
import { TEST_IDP } from './constants';

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
