import { DOMParser } from '@xmldom/xmldom';
import * as samlify from 'samlify';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerSignIn } from '../../../src/core/saml/answer';
import { receiveAuthnRequest } from '../../../src/core/saml/authn-request/receive';
import { BINDING } from '../../../src/core/saml/constants';
import { idpMetadataXml } from '../../../src/core/saml/metadata';
import { certificateBase64 } from '../../../src/core/saml/signing-identity';
import { getRequest } from '../../../testkit/guard';
import { GUARD_SP, TEST_IDP } from '../../../testkit/constants';
import { independentSp, ValidateInResponseTo } from '../../../testkit/node-saml-sp';
import { decodedSamlResponse, readPostForm } from '../../../testkit/post-form';
import { makeTestSigner, type TestSigner } from '../../../testkit/signing';
import { readRequest } from '../../../src/core/http/request';

let signer: TestSigner;
let next: TestSigner;
let metadata: string;
beforeAll(() => {
  signer = makeTestSigner('Current key');
  next = makeTestSigner('Next key');
  metadata = idpMetadataXml(TEST_IDP, [signer.identity.certificatePem]);
  // samlify refuses to parse messages without a schema validator; the metadata and
  // signatures are what these tests check, so every document passes this one.
  samlify.setSchemaValidator({ validate: async () => 'not validated in this test' });
});

const SUBJECT = { nameId: 'alice@contoso.com', attributes: [] };

describe('IdP metadata read by samlify', () => {
  it('gives the entity ID, the SSO URL for both bindings and the signing certificate', () => {
    const idp = samlify.IdentityProvider({ metadata });
    expect(idp.entityMeta.getEntityID()).toBe(TEST_IDP.entityId);
    expect(idp.entityMeta.getSingleSignOnService('redirect')).toBe(TEST_IDP.ssoUrl);
    expect(idp.entityMeta.getSingleSignOnService('post')).toBe(TEST_IDP.ssoUrl);
    expect(idp.entityMeta.getX509Certificate('signing')).toBe(certificateBase64(signer.identity.certificatePem));
    expect(idp.entityMeta.getNameIDFormat()).toContain('urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
  });

  it('is usable: samlify sends an AuthnRequest to the SSO URL it read and verifies our Response with the certificate it read', async () => {
    const idp = samlify.IdentityProvider({ metadata });
    const sp = samlify.ServiceProvider({
      entityID: GUARD_SP.entityId,
      assertionConsumerService: [{ Binding: BINDING.post, Location: GUARD_SP.acsUrl }],
      wantAssertionsSigned: true,
      wantMessageSigned: true,
    });
    const { context } = sp.createLoginRequest(idp, 'redirect') as { context: string };
    const url = new URL(context);
    expect(url.origin + url.pathname).toBe(TEST_IDP.ssoUrl);
    const intake = receiveAuthnRequest(readRequest(getRequest(Object.fromEntries(url.searchParams))), GUARD_SP, TEST_IDP, new Date());
    expect(intake.ok).toBe(true);
    if (!intake.ok) return;

    const answer = answerSignIn(
      { serviceProvider: GUARD_SP, inResponseTo: intake.value.request.id },
      SUBJECT,
      TEST_IDP,
      signer.key,
      new Date(),
    );
    if (!answer.ok) throw new Error(answer.error.code);
    const { extract } = await sp.parseLoginResponse(idp, 'post', {
      body: { SAMLResponse: readPostForm(answer.value.body).fields['SAMLResponse'] },
    });
    expect(extract.nameID).toBe('alice@contoso.com');
    expect(extract.response?.inResponseTo).toBe(intake.value.request.id);
  });

  it('lists the next certificate during a rotation, and samlify trusts a Response signed with it', async () => {
    const rotating = idpMetadataXml(TEST_IDP, [signer.identity.certificatePem, next.identity.certificatePem]);
    const idp = samlify.IdentityProvider({ metadata: rotating });
    expect(idp.entityMeta.getX509Certificate('signing')).toEqual([
      certificateBase64(signer.identity.certificatePem),
      certificateBase64(next.identity.certificatePem),
    ]);
  });
});

describe('IdP metadata in node-saml’s terms', () => {
  /** What a node-saml deployment takes from metadata: entryPoint and idpCert. */
  function readForNodeSaml(xml: string): { entryPoint: string; idpCert: string } {
    const document = new DOMParser().parseFromString(xml, 'text/xml');
    const md = 'urn:oasis:names:tc:SAML:2.0:metadata';
    const services = document.getElementsByTagNameNS(md, 'SingleSignOnService');
    let entryPoint = '';
    for (let i = 0; i < services.length; i++) {
      if (services[i]?.getAttribute('Binding') === BINDING.redirect) entryPoint = services[i]?.getAttribute('Location') ?? '';
    }
    const certificate = document.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'X509Certificate')[0]?.textContent ?? '';
    return { entryPoint, idpCert: `-----BEGIN CERTIFICATE-----\n${certificate}\n-----END CERTIFICATE-----` };
  }

  it('gives node-saml an entry point and a certificate that work end to end', async () => {
    const { entryPoint, idpCert } = readForNodeSaml(metadata);
    const sp = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: idpCert, ssoUrl: entryPoint });
    const url = new URL(await sp.getAuthorizeUrlAsync('', undefined, {}));
    const intake = receiveAuthnRequest(readRequest(getRequest(Object.fromEntries(url.searchParams))), GUARD_SP, TEST_IDP, new Date());
    if (!intake.ok) throw new Error(intake.error.code);
    const answer = answerSignIn({ serviceProvider: GUARD_SP, inResponseTo: intake.value.request.id }, SUBJECT, TEST_IDP, signer.key, new Date());
    if (!answer.ok) throw new Error(answer.error.code);
    const { profile } = await sp.validatePostResponseAsync({
      SAMLResponse: Buffer.from(decodedSamlResponse(answer.value.body)).toString('base64'),
    });
    expect(profile?.nameID).toBe('alice@contoso.com');
  });

  it('does not let node-saml accept a Response from a key the metadata does not list', async () => {
    const { entryPoint, idpCert } = readForNodeSaml(metadata);
    const sp = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: idpCert, ssoUrl: entryPoint, validateInResponseTo: ValidateInResponseTo.never });
    const answer = answerSignIn({ serviceProvider: GUARD_SP }, SUBJECT, TEST_IDP, next.key, new Date());
    if (!answer.ok) throw new Error(answer.error.code);
    await expect(
      sp.validatePostResponseAsync({ SAMLResponse: readPostForm(answer.value.body).fields['SAMLResponse'] ?? '' }),
    ).rejects.toThrow();
  });
});
