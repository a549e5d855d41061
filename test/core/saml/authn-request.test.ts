import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../../src/core/http/types';
import { receiveAuthnRequest } from '../../../src/core/saml/authn-request/receive';
import type { ErrorCode } from '../../../src/core/errors/catalogue';
import { getRequest, guardAuthnRequestXml, postFormRequest, redirectEncode } from '../../../testkit/guard';
import { GUARD_SP, TEST_IDP } from '../../../testkit/constants';
import { independentSp } from '../../../testkit/node-saml-sp';
import { makeTestSigner } from '../../../testkit/signing';
import { readRequest } from '../../../src/core/http/request';

const NOW = new Date('2026-11-28T12:00:00.000Z');
const { identity } = makeTestSigner();

function receive(request: HttpRequest, now = NOW) {
  return receiveAuthnRequest(readRequest(request), GUARD_SP, TEST_IDP, now);
}

function refusalOf(request: HttpRequest, now = NOW): ErrorCode | 'accepted' {
  const result = receive(request, now);
  return result.ok ? 'accepted' : result.error.code;
}

/** The Guard fixture, edited, sent over HTTP-Redirect. */
function redirectWith(edit: (xml: string) => string, relayState?: string): HttpRequest {
  const xml = edit(guardAuthnRequestXml({ instant: NOW }));
  return getRequest({ SAMLRequest: redirectEncode(xml), ...(relayState !== undefined && { RelayState: relayState }) });
}

function postXml(xml: string): HttpRequest {
  return postFormRequest({ SAMLRequest: Buffer.from(xml, 'utf8').toString('base64') });
}

const NS_SAMLP = 'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"';

describe('AuthnRequests that are accepted', () => {
  it('takes Guard’s request over HTTP-Redirect with its RelayState', () => {
    const result = receive(redirectWith((x) => x, 'guard-relay'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.relayState).toBe('guard-relay');
    expect(result.value.serviceProvider).toEqual(GUARD_SP);
    expect(result.value.request).toMatchObject({
      id: '_guard-request-1',
      issuer: GUARD_SP.entityId,
      assertionConsumerServiceUrl: GUARD_SP.acsUrl,
      destination: TEST_IDP.ssoUrl,
      forceAuthn: false,
      isPassive: false,
    });
  });

  it('takes node-saml’s request over HTTP-Redirect, keeping ForceAuthn and the NameID policy', async () => {
    const sp = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: identity.certificatePem, ssoUrl: TEST_IDP.ssoUrl });
    sp.options.forceAuthn = true;
    const url = new URL(await sp.getAuthorizeUrlAsync('state-1', undefined, {}));
    expect(url.origin + url.pathname).toBe(TEST_IDP.ssoUrl);
    const result = receiveAuthnRequest(readRequest(getRequest(Object.fromEntries(url.searchParams))), GUARD_SP, TEST_IDP, new Date());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.request.forceAuthn).toBe(true);
    expect(result.value.request.nameIdPolicy).toEqual({
      format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      allowCreate: true,
    });
    expect(result.value.relayState).toBe('state-1');
  });

  it.each([
    ['plain XML, as the binding specifies', true],
    ['DEFLATE-compressed, as node-saml sends it by default', false],
  ])('takes node-saml’s request over HTTP-POST, %s', async (_name, skipRequestCompression) => {
    const sp = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: identity.certificatePem, ssoUrl: TEST_IDP.ssoUrl });
    sp.options.authnRequestBinding = 'HTTP-POST';
    sp.options.skipRequestCompression = skipRequestCompression;
    const message = await sp.getAuthorizeMessageAsync('state-2');
    const form = Object.fromEntries(Object.entries(message).map(([k, v]) => [k, String(v)]));
    const result = receiveAuthnRequest(readRequest(postFormRequest(form)), GUARD_SP, TEST_IDP, new Date());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.relayState).toBe('state-2');
  });

  it('accepts a form content type with a charset and base64 wrapped at 76 characters', () => {
    const wrapped = Buffer.from(guardAuthnRequestXml({ instant: NOW }))
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    const request = postFormRequest({ SAMLRequest: wrapped }, 'application/x-www-form-urlencoded; charset=UTF-8');
    expect(refusalOf(request)).toBe('accepted');
  });

  it('keeps the subject named in the request as a login hint', () => {
    const result = receive(
      redirectWith((x) =>
        x.replace(
          '</saml:Issuer>',
          '</saml:Issuer><saml:Subject xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:NameID>alice@contoso.com</saml:NameID></saml:Subject>',
        ),
      ),
    );
    expect(result.ok && result.value.request.subjectNameId).toBe('alice@contoso.com');
  });

  it('accepts a request issued within the clock-skew window either way', () => {
    expect(refusalOf(redirectWith((x) => x), new Date(NOW.getTime() - 170_000))).toBe('accepted');
    expect(refusalOf(redirectWith((x) => x), new Date(NOW.getTime() + 470_000))).toBe('accepted');
  });

  it('accepts a RelayState of exactly 80 bytes', () => {
    expect(refusalOf(redirectWith((x) => x, 'r'.repeat(80)))).toBe('accepted');
  });
});

describe('the HTTP binding refuses', () => {
  it.each<[string, HttpRequest, ErrorCode]>([
    ['a method other than GET or POST', { method: 'PUT', query: {}, headers: {}, body: '' }, 'HTTP_METHOD_NOT_ALLOWED'],
    ['a request without SAMLRequest', getRequest({ RelayState: 'x' }), 'SAML_REQUEST_MISSING'],
    ['an empty SAMLRequest', getRequest({ SAMLRequest: '' }), 'SAML_REQUEST_MISSING'],
    ['SAMLRequest given twice', getRequest({ SAMLRequest: ['AAAA', 'AAAA'] }), 'HTTP_PARAMETER_DUPLICATED'],
    ['RelayState given twice', getRequest({ SAMLRequest: 'AAAA', RelayState: ['a', 'b'] }), 'HTTP_PARAMETER_DUPLICATED'],
    ['a POST that is not a form', postFormRequest({ SAMLRequest: 'AAAA' }, 'application/json'), 'HTTP_FORM_EXPECTED'],
    ['a POST body over 32 KiB', postFormRequest({ SAMLRequest: 'A'.repeat(33 * 1024) }), 'HTTP_BODY_TOO_LARGE'],
    ['an encoded request over 24 KiB', getRequest({ SAMLRequest: 'A'.repeat(24 * 1024 + 4) }), 'SAML_REQUEST_TOO_LARGE'],
  ])('%s', (_name, request, code) => {
    expect(refusalOf(request)).toBe(code);
  });

  it('refuses a RelayState over the 80 bytes SAML allows (counted in bytes, not characters)', () => {
    expect(refusalOf(redirectWith((x) => x, 'r'.repeat(81)))).toBe('SAML_RELAY_STATE_TOO_LONG');
    expect(refusalOf(redirectWith((x) => x, 'é'.repeat(41)))).toBe('SAML_RELAY_STATE_TOO_LONG');
  });

  it.each([
    ['characters outside the alphabet', 'PHNhbWxwOkF1dGhuUmVxdWVzdC8+!'],
    ['base64url characters', 'PD94-_'],
    ['a length that is not a multiple of 4', 'PHNhbWw'],
    ['padding in the middle', 'PA==PA=='],
    ['stray bits in the last character', 'PB=='],
    ['spaces (a + decoded as a space)', 'PHNh bWw='],
  ])('refuses base64 with %s', (_name, value) => {
    expect(refusalOf(getRequest({ SAMLRequest: value }))).toBe('SAML_REQUEST_BASE64');
  });

  it('refuses HTTP-Redirect data that is not raw DEFLATE', () => {
    expect(refusalOf(getRequest({ SAMLRequest: Buffer.from('<samlp:AuthnRequest/>').toString('base64') }))).toBe(
      'SAML_REQUEST_INFLATE_FAILED',
    );
  });

  it('stops a DEFLATE bomb at the cap, fast', () => {
    const bomb = deflateRawSync(Buffer.alloc(16 * 1024 * 1024, 0x20), { level: 9 });
    const encoded = bomb.toString('base64');
    // The bomb is real: under the encoded-size cap, it would inflate to 16 MiB.
    expect(encoded.length).toBeLessThan(24 * 1024);
    expect(inflateRawSync(bomb).length).toBe(16 * 1024 * 1024);
    const started = performance.now();
    expect(refusalOf(getRequest({ SAMLRequest: encoded }))).toBe('SAML_REQUEST_INFLATED_TOO_LARGE');
    // A security bound, not a speed goal: the cap must stop zlib early, not after 16 MiB.
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('refuses an HTTP-POST request over 16 KiB of XML', () => {
    const xml = guardAuthnRequestXml({ instant: NOW }).replace('</samlp:AuthnRequest>', `${' '.repeat(16 * 1024)}</samlp:AuthnRequest>`);
    expect(refusalOf(postXml(xml))).toBe('SAML_REQUEST_TOO_LARGE');
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(refusalOf(postFormRequest({ SAMLRequest: Buffer.from([0x3c, 0xff, 0xfe, 0x3e]).toString('base64') }))).toBe(
      'SAML_REQUEST_NOT_XML',
    );
  });
});

describe('the XML reader refuses', () => {
  const xxe =
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
    `<samlp:AuthnRequest ${NS_SAMLP} ID="_a" Version="2.0" IssueInstant="${NOW.toISOString()}"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">&x;</saml:Issuer></samlp:AuthnRequest>`;
  const billionLaughs =
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>';

  it.each<[string, string, ErrorCode]>([
    ['text that is not XML', 'hello, world', 'SAML_REQUEST_NOT_XML'],
    ['an unclosed element', `<samlp:AuthnRequest ${NS_SAMLP}`, 'SAML_REQUEST_NOT_XML'],
    ['an undeclared entity', `<samlp:AuthnRequest ${NS_SAMLP}>&x;</samlp:AuthnRequest>`, 'SAML_REQUEST_NOT_XML'],
    ['a duplicated attribute', `<samlp:AuthnRequest ${NS_SAMLP} ID="_a" ID="_b"/>`, 'SAML_REQUEST_NOT_XML'],
    ['an external entity (XXE)', xxe, 'SAML_REQUEST_DTD_FORBIDDEN'],
    ['entity expansion (billion laughs)', billionLaughs, 'SAML_REQUEST_DTD_FORBIDDEN'],
    ['a bare DOCTYPE', `<!doctype x><samlp:AuthnRequest ${NS_SAMLP}/>`, 'SAML_REQUEST_DTD_FORBIDDEN'],
    ['two root elements', `<samlp:AuthnRequest ${NS_SAMLP}/><samlp:AuthnRequest ${NS_SAMLP}/>`, 'SAML_REQUEST_MULTIPLE_ROOTS'],
    ['a LogoutRequest', `<samlp:LogoutRequest ${NS_SAMLP} Version="2.0"/>`, 'SAML_REQUEST_WRONG_ROOT'],
    ['an AuthnRequest in another namespace', '<samlp:AuthnRequest xmlns:samlp="urn:evil" Version="2.0"/>', 'SAML_REQUEST_WRONG_ROOT'],
  ])('%s', (_name, xml, code) => {
    expect(refusalOf(postXml(xml))).toBe(code);
  });

  it.each<[string, (xml: string) => string, ErrorCode]>([
    ['Version 1.1', (x) => x.replace('Version="2.0"', 'Version="1.1"'), 'SAML_REQUEST_VERSION'],
    ['no Version', (x) => x.replace('Version="2.0"', ''), 'SAML_REQUEST_VERSION'],
    ['no ID', (x) => x.replace('ID="_guard-request-1"', ''), 'SAML_REQUEST_ID_INVALID'],
    ['an ID that is not an NCName', (x) => x.replace('ID="_guard-request-1"', 'ID="1&lt;script&gt;"'), 'SAML_REQUEST_ID_INVALID'],
    ['an ID over 256 characters', (x) => x.replace('ID="_guard-request-1"', `ID="_${'a'.repeat(256)}"`), 'SAML_REQUEST_ID_INVALID'],
    ['an IssueInstant with a time zone offset', (x) => x.replace(/IssueInstant="[^"]+"/, 'IssueInstant="2026-11-28T13:00:00+01:00"'), 'SAML_REQUEST_INSTANT_INVALID'],
    ['an IssueInstant that is no date', (x) => x.replace(/IssueInstant="[^"]+"/, 'IssueInstant="yesterday"'), 'SAML_REQUEST_INSTANT_INVALID'],
    ['no Issuer', (x) => x.replace(/<saml:Issuer[^>]*>[^<]*<\/saml:Issuer>/, ''), 'SAML_ISSUER_UNKNOWN'],
    ['a comment inside the Issuer', (x) => x.replace('/saml/0f8e', '/saml/<!-- -->0f8e'), 'SAML_ISSUER_UNKNOWN'],
    ['CDATA inside the Issuer', (x) => x.replace('>https://auth', '><![CDATA[https://auth]]>'), 'SAML_ISSUER_UNKNOWN'],
    ['two Issuers', (x) => x.replace(/(<saml:Issuer[^>]*>[^<]*<\/saml:Issuer>)/, '$1$1'), 'SAML_ISSUER_UNKNOWN'],
    ['an Issuer in another namespace', (x) => x.replace('xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"', 'xmlns:saml="urn:evil"'), 'SAML_ISSUER_UNKNOWN'],
  ])('%s', (_name, edit, code) => {
    expect(refusalOf(redirectWith(edit))).toBe(code);
  });
});

describe('validation against the saved service provider refuses', () => {
  it.each<[string, (xml: string) => string, ErrorCode]>([
    ['another Issuer', (x) => x.replace('/saml/0f8e7d6c', '/saml/1f8e7d6c'), 'SAML_ISSUER_UNKNOWN'],
    ['an Issuer that only starts like ours', (x) => x.replace('</saml:Issuer>', '.evil.example</saml:Issuer>'), 'SAML_ISSUER_UNKNOWN'],
    ['a foreign ACS URL', (x) => x.replace('connection=saml-0f8e', 'connection=saml-1f8e'), 'SAML_ACS_MISMATCH'],
    ['an ACS URL on another host', (x) => x.replace('AssertionConsumerServiceURL="https://auth.atlassian.com', 'AssertionConsumerServiceURL="https://auth.atlassian.com.evil.example'), 'SAML_ACS_MISMATCH'],
    ['a foreign Destination', (x) => x.replace(`Destination="${TEST_IDP.ssoUrl}"`, 'Destination="https://other-idp.example/sso"'), 'SAML_DESTINATION_MISMATCH'],
    ['the Artifact binding for the answer', (x) => x.replace('bindings:HTTP-POST', 'bindings:HTTP-Artifact'), 'SAML_BINDING_UNSUPPORTED'],
    [
      'a persistent NameID',
      (x) => x.replace('</saml:Issuer>', '</saml:Issuer><samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"/>'),
      'SAML_NAMEID_POLICY_UNSUPPORTED',
    ],
  ])('%s', (_name, edit, code) => {
    expect(refusalOf(redirectWith(edit))).toBe(code);
  });

  it('refuses an expired request', () => {
    expect(refusalOf(redirectWith((x) => x), new Date(NOW.getTime() + 481_000))).toBe('SAML_REQUEST_EXPIRED');
  });

  it('refuses a request from the future beyond the skew', () => {
    expect(refusalOf(redirectWith((x) => x), new Date(NOW.getTime() - 181_000))).toBe('SAML_REQUEST_FROM_FUTURE');
  });
});
