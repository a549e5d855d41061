import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { independentSp } from '../../testkit/node-saml-sp';
import { readPostForm } from '../../testkit/post-form';
import { xmlsecVerifies } from '../../testkit/xmlsec';
import { HOSTILE_USERS, SP, SecurityEnvironment } from './environment';

/**
 * U+0085, U+2028 and U+2029 in a name, over HTTP through the local runtime: xmldom-based
 * SPs (node-saml here) normalise them as line breaks and would compute another digest. The
 * bridge writes each as a space, so node-saml and xmlsec1 (libxml2) both verify both
 * signatures and read the same name.
 */
const env = new SecurityEnvironment();
beforeAll(() => env.start(), 30_000);
afterAll(() => env.stop());

describe('line separators in names', () => {
  it.each([
    ['U+0085', HOSTILE_USERS.nelName, 'Judy Ann', 'Nel'],
    ['U+2028', HOSTILE_USERS.lsName, 'Karl', 'Line Sep'],
    ['U+2029', HOSTILE_USERS.psName, 'Lena', 'Para Graph'],
  ])('%s: signed in; node-saml and xmlsec1 verify both signatures and read the same name', async (_char, user, given, family) => {
    const { browser, fields } = await env.upToCallback(user.oid);
    const outcome = await env.callback(browser, fields);
    expect(outcome.status).toBe(200);
    const samlResponse = readPostForm(outcome.body).fields['SAMLResponse'] ?? '';
    const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
    expect(xml).not.toMatch(/[\u0085\u2028\u2029]/);
    const certificate = await env.certificate();
    expect(await xmlsecVerifies(xml, certificate, 'response')).toBe(true);
    expect(await xmlsecVerifies(xml, certificate, 'assertion')).toBe(true);
    const sp = independentSp({ serviceProvider: SP, idpCertificatePem: certificate, ssoUrl: `${env.server.url}/saml/sso`, validateInResponseTo: 'never' as never });
    const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: samlResponse });
    expect(profile?.nameID).toBe(user.email);
    expect(profile?.['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname']).toBe(given);
    expect(profile?.['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname']).toBe(family);
  });
});
