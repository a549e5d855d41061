import { beforeAll, describe, expect, it } from 'vitest';
import { answerSignIn } from '../../../src/core/saml/answer';
import { GUARD_CLAIM } from '../../../src/core/saml/constants';
import { receiveAuthnRequest } from '../../../src/core/saml/authn-request/receive';
import type { AuthenticatedSubject } from '../../../src/core/saml/assertion';
import { getRequest } from '../../../testkit/guard';
import { GUARD_SP, TEST_IDP } from '../../../testkit/constants';
import { independentSp, ValidateInResponseTo } from '../../../testkit/node-saml-sp';
import { decodedSamlResponse, readPostForm } from '../../../testkit/post-form';
import { makeTestSigner, type TestSigner } from '../../../testkit/signing';
import { xmlsecVerifies } from '../../../testkit/xmlsec';
import { readRequest } from '../../../src/core/http/request';

let signer: TestSigner;
let otherSigner: TestSigner;
beforeAll(() => {
  signer = makeTestSigner('Bridge test IdP');
  otherSigner = makeTestSigner('Somebody else');
});

function subject(overrides: Partial<Record<'email' | 'givenName' | 'surname' | 'name', string>> = {}): AuthenticatedSubject {
  const email = overrides.email ?? 'alice.anders@contoso.com';
  return {
    nameId: email,
    attributes: [
      { name: GUARD_CLAIM.givenName, values: [overrides.givenName ?? 'Alice'] },
      { name: GUARD_CLAIM.surname, values: [overrides.surname ?? 'Anders'] },
      { name: GUARD_CLAIM.emailAddress, values: [email] },
      { name: GUARD_CLAIM.name, values: [overrides.name ?? '9122040d-6c67-4c5b-b112-36a304b66dad/00000000-0000-0000-66f3-3332eca7ea81'] },
    ],
  };
}

function sp(validateInResponseTo = ValidateInResponseTo.always) {
  return independentSp({
    serviceProvider: GUARD_SP,
    idpCertificatePem: signer.identity.certificatePem,
    ssoUrl: TEST_IDP.ssoUrl,
    idpEntityId: TEST_IDP.entityId,
    validateInResponseTo,
  });
}

function idpInitiatedResponseXml(who: AuthenticatedSubject, key = signer.key): string {
  const answer = answerSignIn({ serviceProvider: GUARD_SP }, who, TEST_IDP, key, new Date());
  if (!answer.ok) throw new Error(answer.error.code);
  return decodedSamlResponse(answer.value.body);
}

function base64(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64');
}

describe('signed Response, read by an independent service provider (node-saml)', () => {
  it('answers an SP-initiated request: InResponseTo checked, NameID and every attribute exact', async () => {
    const serviceProvider = sp();
    const url = new URL(await serviceProvider.getAuthorizeUrlAsync('relay-123', undefined, {}));
    const intake = receiveAuthnRequest(
      readRequest(getRequest(Object.fromEntries(url.searchParams))),
      GUARD_SP,
      TEST_IDP,
      new Date(),
    );
    expect(intake.ok).toBe(true);
    if (!intake.ok) return;

    const answer = answerSignIn(
      { serviceProvider: GUARD_SP, inResponseTo: intake.value.request.id, relayState: intake.value.relayState },
      subject(),
      TEST_IDP,
      signer.key,
      new Date(),
    );
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    const form = readPostForm(answer.value.body);
    expect(form.action).toBe(GUARD_SP.acsUrl);
    expect(form.fields['RelayState']).toBe('relay-123');

    const { profile } = await serviceProvider.validatePostResponseAsync({
      SAMLResponse: form.fields['SAMLResponse'] ?? '',
      RelayState: 'relay-123',
    });
    expect(profile?.nameID).toBe('alice.anders@contoso.com');
    expect(profile?.nameIDFormat).toBe('urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
    expect(profile?.inResponseTo).toBe(intake.value.request.id);
    expect(profile?.issuer).toBe(TEST_IDP.entityId);
    expect(profile?.attributes).toEqual({
      [GUARD_CLAIM.givenName]: 'Alice',
      [GUARD_CLAIM.surname]: 'Anders',
      [GUARD_CLAIM.emailAddress]: 'alice.anders@contoso.com',
      [GUARD_CLAIM.name]: '9122040d-6c67-4c5b-b112-36a304b66dad/00000000-0000-0000-66f3-3332eca7ea81',
    });
  });

  it('answers an IdP-initiated sign-in (no InResponseTo)', async () => {
    const xml = idpInitiatedResponseXml(subject());
    expect(xml).not.toContain('InResponseTo');
    const { profile } = await sp(ValidateInResponseTo.ifPresent).validatePostResponseAsync({ SAMLResponse: base64(xml) });
    expect(profile?.nameID).toBe('alice.anders@contoso.com');
  });

  const hostileValues: Record<string, string> = {
    comment: 'Al<!-- -->ice',
    entity: 'Tom &amp; Jerry &lt;b&gt;',
    quotes: `O'Brien "the" \`tick\``,
    cdataEnd: 'x]]>y<![CDATA[z',
    markup: '<saml:NameID>mallory@evil.example</saml:NameID>',
    nonAscii: 'Zoë Ångström 渡辺 🙂 \u202Eevil',
    whitespace: 'tab\there\nline\r\nreturn',
    long: 'L'.repeat(20_000),
  };

  it.each(Object.entries(hostileValues))('carries a hostile %s value exactly', async (_kind, value) => {
    const xml = idpInitiatedResponseXml(subject({ givenName: value, surname: value, name: value }));
    const { profile } = await sp(ValidateInResponseTo.ifPresent).validatePostResponseAsync({ SAMLResponse: base64(xml) });
    expect(profile?.nameID).toBe('alice.anders@contoso.com');
    const attributes = profile?.attributes as Record<string, unknown> | undefined;
    expect(attributes?.[GUARD_CLAIM.givenName]).toBe(value);
    expect(attributes?.[GUARD_CLAIM.surname]).toBe(value);
    expect(attributes?.[GUARD_CLAIM.name]).toBe(value);
    await expect(xmlsecVerifies(xml, signer.identity.certificatePem, 'response')).resolves.toBe(true);
    await expect(xmlsecVerifies(xml, signer.identity.certificatePem, 'assertion')).resolves.toBe(true);
  });

  it('rejects a Response whose assertion was altered after signing', async () => {
    const xml = idpInitiatedResponseXml(subject());
    const altered = xml.replace('>alice.anders@contoso.com</saml:NameID>', '>mallory@contoso.com</saml:NameID>');
    expect(altered).not.toBe(xml);
    await expect(
      sp(ValidateInResponseTo.ifPresent).validatePostResponseAsync({ SAMLResponse: base64(altered) }),
    ).rejects.toThrow();
    await expect(xmlsecVerifies(altered, signer.identity.certificatePem, 'assertion')).resolves.toBe(false);
    await expect(xmlsecVerifies(altered, signer.identity.certificatePem, 'response')).resolves.toBe(false);
  });

  it('rejects a Response signed by another key', async () => {
    const xml = idpInitiatedResponseXml(subject(), otherSigner.key);
    await expect(
      sp(ValidateInResponseTo.ifPresent).validatePostResponseAsync({ SAMLResponse: base64(xml) }),
    ).rejects.toThrow(/signature/i);
    await expect(xmlsecVerifies(xml, signer.identity.certificatePem, 'response')).resolves.toBe(false);
    await expect(xmlsecVerifies(xml, otherSigner.identity.certificatePem, 'response')).resolves.toBe(true);
  });
});

describe('what the Response says', () => {
  it('has the SAML profile Guard expects, both signatures verified by xmlsec1', async () => {
    const now = new Date('2026-11-28T12:00:00.000Z');
    const answer = answerSignIn(
      { serviceProvider: GUARD_SP, inResponseTo: '_req-1' },
      { ...subject(), authnInstant: new Date('2026-11-28T11:59:30.000Z') },
      TEST_IDP,
      signer.key,
      now,
    );
    if (!answer.ok) throw new Error(answer.error.code);
    const xml = decodedSamlResponse(answer.value.body);
    expect(xml).toMatch(/^<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2\.0:protocol" Destination="https:\/\/auth\.atlassian\.com\/login\/callback\?connection=saml-[^"]+" ID="_[0-9a-f]{40}" InResponseTo="_req-1" IssueInstant="2026-11-28T12:00:00\.000Z" Version="2\.0">/);
    expect(xml).toContain('<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success">');
    expect(xml).toContain(`<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="_req-1" NotOnOrAfter="2026-11-28T12:05:00.000Z" Recipient="${GUARD_SP.acsUrl}">`);
    expect(xml).toContain('<saml:Conditions NotBefore="2026-11-28T11:58:00.000Z" NotOnOrAfter="2026-11-28T12:05:00.000Z">');
    expect(xml).toContain(`<saml:Audience>${GUARD_SP.entityId}</saml:Audience>`);
    expect(xml).toMatch(/<saml:AuthnStatement AuthnInstant="2026-11-28T11:59:30\.000Z" SessionIndex="_[0-9a-f]{40}">/);
    expect(xml).toContain('<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256">');
    expect(xml).toContain('<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256">');
    expect(xml.match(/<ds:Signature /g)).toHaveLength(2);
    // Each signature sits right after its element's Issuer.
    expect(xml).toMatch(/<samlp:Response [^>]+><saml:Issuer [^>]+>[^<]+<\/saml:Issuer><ds:Signature /);
    expect(xml).toMatch(/<saml:Assertion [^>]+><saml:Issuer>[^<]+<\/saml:Issuer><ds:Signature /);
    await expect(xmlsecVerifies(xml, signer.identity.certificatePem, 'response')).resolves.toBe(true);
    await expect(xmlsecVerifies(xml, signer.identity.certificatePem, 'assertion')).resolves.toBe(true);
  });

  it.each([
    ['a control character', 'alice\u0007@contoso.com'],
    ['a lone surrogate', 'alice\uD800@contoso.com'],
    ['an empty NameID', ''],
  ])('refuses to mint when the NameID holds %s', (_kind, nameId) => {
    const answer = answerSignIn({ serviceProvider: GUARD_SP }, { ...subject(), nameId }, TEST_IDP, signer.key, new Date());
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.code).toBe('SAML_VALUE_NOT_REPRESENTABLE');
  });
});
