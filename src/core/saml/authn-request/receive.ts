import type { ReadRequest } from '../../http/request';
import type { Result } from '../../kernel/result';
import type { IdentityProvider, ServiceProvider } from '../service-provider';
import { decodeAuthnRequest, readEncodedAuthnRequest } from './binding';
import { parseAuthnRequest } from './parse';
import { validateAuthnRequest, type ValidatedAuthnRequest } from './validate';

/**
 * The intake of the SSO URL, step by step: read the binding, decode within the caps,
 * parse, and validate against the saved service provider. The first refusal stops it.
 */
export function receiveAuthnRequest(
  http: ReadRequest,
  serviceProvider: ServiceProvider,
  identityProvider: IdentityProvider,
  now: Date,
): Result<ValidatedAuthnRequest> {
  const encoded = readEncodedAuthnRequest(http);
  if (!encoded.ok) return encoded;
  const xml = decodeAuthnRequest(encoded.value);
  if (!xml.ok) return xml;
  const request = parseAuthnRequest(xml.value);
  if (!request.ok) return request;
  return validateAuthnRequest(request.value, encoded.value.relayState, serviceProvider, identityProvider, now);
}
