import { inflateRawSync } from 'node:zlib';
import { singleParameter, type Parameters } from '../../http/parameters';
import type { ReadRequest } from '../../http/request';
import { fail, ok, type Result } from '../../kernel/result';
import { RELAY_STATE_MAX_BYTES } from '../constants';
import { AUTHN_REQUEST_LIMITS as LIMITS } from './limits';

/** An AuthnRequest as it arrived, still encoded, with the binding that carried it. */
export interface EncodedAuthnRequest {
  readonly binding: 'redirect' | 'post';
  readonly samlRequest: string;
  readonly relayState?: string;
}

function parametersOf(request: ReadRequest): Result<{ binding: 'redirect' | 'post'; parameters: Parameters }> {
  switch (request.method) {
    case 'GET':
      return ok({ binding: 'redirect', parameters: request.query });
    case 'POST': {
      if (request.bodyBytes > LIMITS.maxPostBodyBytes) {
        return fail('HTTP_BODY_TOO_LARGE', `the form body is over ${LIMITS.maxPostBodyBytes} bytes`);
      }
      const form = request.form;
      return form === undefined ? fail('HTTP_FORM_EXPECTED') : ok({ binding: 'post', parameters: form });
    }
    default:
      return fail('HTTP_METHOD_NOT_ALLOWED', 'the SSO URL accepts GET (HTTP-Redirect binding) and POST (HTTP-POST binding)');
  }
}

/**
 * Reads SAMLRequest and RelayState from the query (HTTP-Redirect binding, GET) or the form
 * body (HTTP-POST binding). Signature parameters of the Redirect binding are ignored: Guard
 * does not sign its AuthnRequests, and the Response only ever goes to the saved ACS URL.
 */
export function readEncodedAuthnRequest(request: ReadRequest): Result<EncodedAuthnRequest> {
  const read = parametersOf(request);
  if (!read.ok) return read;
  const { binding, parameters } = read.value;

  const samlRequest = singleParameter(parameters, 'SAMLRequest');
  if (!samlRequest.ok) return samlRequest;
  const relayState = singleParameter(parameters, 'RelayState');
  if (!relayState.ok) return relayState;

  if (samlRequest.value === undefined || samlRequest.value === '') return fail('SAML_REQUEST_MISSING');
  if (samlRequest.value.length > LIMITS.maxEncodedChars) {
    return fail('SAML_REQUEST_TOO_LARGE', `SAMLRequest is over ${LIMITS.maxEncodedChars} characters`);
  }
  if (relayState.value !== undefined && Buffer.byteLength(relayState.value, 'utf8') > RELAY_STATE_MAX_BYTES) {
    return fail('SAML_RELAY_STATE_TOO_LONG', `RelayState is over ${RELAY_STATE_MAX_BYTES} bytes`);
  }
  return ok(
    relayState.value === undefined
      ? { binding, samlRequest: samlRequest.value }
      : { binding, samlRequest: samlRequest.value, relayState: relayState.value },
  );
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Strict base64: the standard alphabet, correct padding, no stray bits (the decoded bytes
 * must encode back to the same text). Line breaks are the only whitespace tolerated, since
 * some SPs wrap the POST binding's value at 76 characters.
 */
export function decodeStrictBase64(text: string): Buffer | undefined {
  const compact = text.replace(/\r?\n/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
  const bytes = Buffer.from(compact, 'base64');
  return bytes.toString('base64') === compact ? bytes : undefined;
}

function inflateBounded(compressed: Buffer): Result<Buffer> {
  try {
    // maxOutputLength makes zlib stop as soon as the output passes the cap: a DEFLATE bomb
    // costs at most maxXmlBytes of memory and the time to produce them.
    return ok(inflateRawSync(compressed, { maxOutputLength: LIMITS.maxXmlBytes }));
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      return fail('SAML_REQUEST_INFLATED_TOO_LARGE', `the request inflates to over ${LIMITS.maxXmlBytes} bytes`);
    }
    return fail('SAML_REQUEST_INFLATE_FAILED', 'the request is not raw DEFLATE data');
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The HTTP-POST binding carries plain XML, yet some SPs (node-saml by default among them)
 * DEFLATE it as for HTTP-Redirect. XML starts with `<` (after an optional BOM or
 * whitespace); anything else is inflated, under the same cap.
 */
function looksLikeXml(bytes: Buffer): boolean {
  const text = bytes.subarray(0, 64).toString('latin1').replace(/^(\xEF\xBB\xBF)?\s*/, '');
  return text.startsWith('<');
}

/** Base64 and raw DEFLATE (HTTP-Redirect, or a deflated POST) undone, within the size caps; UTF-8 text out. */
export function decodeAuthnRequest(encoded: EncodedAuthnRequest): Result<string> {
  const bytes = decodeStrictBase64(encoded.samlRequest);
  if (bytes === undefined) return fail('SAML_REQUEST_BASE64', 'SAMLRequest is not strict base64');
  let xml: Buffer = bytes;
  if (encoded.binding === 'redirect' || !looksLikeXml(bytes)) {
    const inflated = inflateBounded(bytes);
    if (!inflated.ok) {
      // Over POST, data that is neither XML nor DEFLATE is simply not an AuthnRequest.
      const notXml = encoded.binding === 'post' && inflated.error.code === 'SAML_REQUEST_INFLATE_FAILED';
      return notXml ? fail('SAML_REQUEST_NOT_XML') : inflated;
    }
    xml = inflated.value;
  } else if (bytes.length > LIMITS.maxXmlBytes) {
    return fail('SAML_REQUEST_TOO_LARGE', `the request is over ${LIMITS.maxXmlBytes} bytes`);
  }
  try {
    return ok(UTF8.decode(xml));
  } catch {
    return fail('SAML_REQUEST_NOT_XML', 'the request is not UTF-8 text');
  }
}
