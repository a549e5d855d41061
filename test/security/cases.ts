import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorCode } from '../../src/core/errors/catalogue';
import { readConfigFile } from '../../src/local/config-file';
import { CookieBrowser, readHtmlForm } from '../../testkit/cookie-browser';
import { independentSp } from '../../testkit/node-saml-sp';
import { guardAuthnRequestXml, redirectEncode } from '../../testkit/guard';
import { rewritingTokenFetch, signJwt, type Signing, type TokenClaims } from '../../testkit/id-token-forge';
import { USERS } from '../../testkit/login-harness';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../testkit/constants';
import { PORTABLE_FORMAT } from '../../src/core/setup/portable-configuration';
import { HOSTILE_USERS, SP, type Outcome, type SecurityEnvironment } from './environment';

export type CaseKind = 'SAML intake' | 'IdP-initiated sign-in' | 'site check' | 'callback' | 'ID token' | 'claims' | 'resolver payload' | 'config file';

export interface SecurityCase {
  readonly kind: CaseKind;
  readonly name: string;
  /**
   * The stable code of the refusal; `signed-in` for hostile input the bridge accepts and
   * neutralises; `staged` for a change of trust the bridge prepares and does not apply.
   */
  readonly expect: ErrorCode | 'CONFIG_REFUSED' | 'signed-in' | 'staged';
  /** Raw input that must never come back unescaped. */
  readonly marker?: string;
  run(env: SecurityEnvironment): Promise<Outcome>;
}

const NOW = () => new Date();
const NS = 'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"';
const ISSUER = `<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${SP.entityId}</saml:Issuer>`;

function xmlFor(env: SecurityEnvironment, edit: (xml: string) => string = (x) => x): string {
  return edit(guardAuthnRequestXml({ instant: NOW(), ssoUrl: `${env.server.url}/saml/sso` }));
}

function ssoRedirect(env: SecurityEnvironment, encoded: string, extra = ''): Promise<Outcome> {
  return env.request(new CookieBrowser(), `/saml/sso?SAMLRequest=${encodeURIComponent(encoded)}${extra}`);
}

function ssoXml(env: SecurityEnvironment, xml: string): Promise<Outcome> {
  return ssoRedirect(env, redirectEncode(xml));
}

function edited(edit: (xml: string) => string) {
  return (env: SecurityEnvironment) => ssoXml(env, xmlFor(env, edit));
}

const intake: SecurityCase[] = [
  { kind: 'SAML intake', name: 'XXE: external entity', expect: 'SAML_REQUEST_DTD_FORBIDDEN', run: (env) => ssoXml(env, `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><samlp:AuthnRequest ${NS} ID="_a" Version="2.0" IssueInstant="${NOW().toISOString()}">${ISSUER.replace(SP.entityId, '&x;')}</samlp:AuthnRequest>`) },
  { kind: 'SAML intake', name: 'entity expansion (billion laughs)', expect: 'SAML_REQUEST_DTD_FORBIDDEN', run: (env) => ssoXml(env, '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><l>&c;</l>') },
  { kind: 'SAML intake', name: 'parameter entity', expect: 'SAML_REQUEST_DTD_FORBIDDEN', run: (env) => ssoXml(env, `<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x">%p;]><samlp:AuthnRequest ${NS}/>`) },
  { kind: 'SAML intake', name: 'DOCTYPE after whitespace in the declaration', expect: 'SAML_REQUEST_DTD_FORBIDDEN', run: (env) => ssoXml(env, `<!  DOCTYPE x><samlp:AuthnRequest ${NS}/>`) },
  { kind: 'SAML intake', name: 'DEFLATE bomb (16 MiB of spaces)', expect: 'SAML_REQUEST_INFLATED_TOO_LARGE', run: (env) => ssoRedirect(env, deflateRawSync(Buffer.alloc(16 * 1024 * 1024, 0x20), { level: 9 }).toString('base64')) },
  { kind: 'SAML intake', name: 'zlib-wrapped DEFLATE instead of raw', expect: 'SAML_REQUEST_INFLATE_FAILED', run: (env) => ssoRedirect(env, deflateSync(Buffer.from(xmlFor(env))).toString('base64')) },
  { kind: 'SAML intake', name: 'gzip instead of raw DEFLATE', expect: 'SAML_REQUEST_INFLATE_FAILED', run: (env) => ssoRedirect(env, gzipSync(Buffer.from(xmlFor(env))).toString('base64')) },
  { kind: 'SAML intake', name: 'truncated DEFLATE stream', expect: 'SAML_REQUEST_INFLATE_FAILED', run: (env) => ssoRedirect(env, deflateRawSync(Buffer.from(xmlFor(env))).subarray(0, 60).toString('base64')) },
  { kind: 'SAML intake', name: 'base64url alphabet', expect: 'SAML_REQUEST_BASE64', run: (env) => ssoRedirect(env, redirectEncode(xmlFor(env)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') + '-_') },
  { kind: 'SAML intake', name: 'base64 with stray bits in the padding', expect: 'SAML_REQUEST_BASE64', run: (env) => ssoRedirect(env, 'PB==') },
  { kind: 'SAML intake', name: 'base64 with an unencoded + (read as a space)', expect: 'SAML_REQUEST_BASE64', run: (env) => env.request(new CookieBrowser(), `/saml/sso?SAMLRequest=${redirectEncode(xmlFor(env)).replace(/\+/g, ' ')}A+B`) },
  { kind: 'SAML intake', name: 'oversize encoded request', expect: 'SAML_REQUEST_TOO_LARGE', run: (env) => ssoRedirect(env, 'A'.repeat(30 * 1024)) },
  { kind: 'SAML intake', name: 'oversize POST body', expect: 'HTTP_BODY_TOO_LARGE', run: (env) => env.request(new CookieBrowser(), '/saml/sso', { form: { SAMLRequest: 'A'.repeat(40 * 1024) } }) },
  { kind: 'SAML intake', name: 'signature wrapping: a second AuthnRequest with the right Issuer hidden in Extensions', expect: 'SAML_ISSUER_UNKNOWN', run: edited((x) => x.replace('/saml/0f8e', '/saml/1f8e').replace('</saml:Issuer>', `</saml:Issuer><samlp:Extensions><samlp:AuthnRequest ID="_w" Version="2.0">${ISSUER}</samlp:AuthnRequest></samlp:Extensions>`)) },
  { kind: 'SAML intake', name: 'signature wrapping: the AuthnRequest inside a wrapper root', expect: 'SAML_REQUEST_WRONG_ROOT', run: (env) => ssoXml(env, `<samlp:Response ${NS}>${xmlFor(env)}</samlp:Response>`) },
  { kind: 'SAML intake', name: 'comment inside the Issuer (truncation)', expect: 'SAML_ISSUER_UNKNOWN', marker: '<!--x-->', run: edited((x) => x.replace('</saml:Issuer>', '<!--x-->.evil.example</saml:Issuer>')) },
  { kind: 'SAML intake', name: 'CDATA inside the Issuer', expect: 'SAML_ISSUER_UNKNOWN', run: edited((x) => x.replace('>https://auth.atlassian.com/saml/', '><![CDATA[https://auth.atlassian.com/saml/]]>')) },
  { kind: 'SAML intake', name: 'markup smuggled into the ID', expect: 'SAML_REQUEST_ID_INVALID', marker: '<script>', run: edited((x) => x.replace(/ID="[^"]+"/, 'ID="_&lt;script&gt;alert(1)&lt;/script&gt;"')) },
  { kind: 'SAML intake', name: 'duplicate attributes (two ACS URLs)', expect: 'SAML_REQUEST_NOT_XML', run: edited((x) => x.replace('AssertionConsumerServiceURL=', 'AssertionConsumerServiceURL="https://evil.example/acs" AssertionConsumerServiceURL=')) },
  { kind: 'SAML intake', name: 'root in an unknown namespace', expect: 'SAML_REQUEST_WRONG_ROOT', run: edited((x) => x.replace('urn:oasis:names:tc:SAML:2.0:protocol', 'urn:evil:protocol')) },
  { kind: 'SAML intake', name: 'Issuer in an unknown namespace', expect: 'SAML_ISSUER_UNKNOWN', run: edited((x) => x.replace('xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"', 'xmlns:saml="urn:evil:assertion"')) },
  { kind: 'SAML intake', name: 'ACS URL with an extra query parameter', expect: 'SAML_ACS_MISMATCH', run: edited((x) => x.replace('connection=saml-0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"', 'connection=saml-0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a&amp;next=https://evil.example"')) },
  { kind: 'SAML intake', name: 'ACS URL with the host in capitals', expect: 'SAML_ACS_MISMATCH', run: edited((x) => x.replace('AssertionConsumerServiceURL="https://auth.atlassian.com', 'AssertionConsumerServiceURL="https://AUTH.atlassian.com')) },
  { kind: 'SAML intake', name: 'ACS URL on a look-alike host', expect: 'SAML_ACS_MISMATCH', run: edited((x) => x.replace('AssertionConsumerServiceURL="https://auth.atlassian.com', 'AssertionConsumerServiceURL="https://auth.atlassian.com.evil.example')) },
  { kind: 'SAML intake', name: 'ACS URL with userinfo pointing elsewhere', expect: 'SAML_ACS_MISMATCH', run: edited((x) => x.replace('AssertionConsumerServiceURL="https://auth.atlassian.com', 'AssertionConsumerServiceURL="https://auth.atlassian.com@evil.example')) },
  { kind: 'SAML intake', name: 'Destination of another IdP', expect: 'SAML_DESTINATION_MISMATCH', run: edited((x) => x.replace(/Destination="[^"]+"/, 'Destination="https://idp.evil.example/sso"')) },
  { kind: 'SAML intake', name: 'RelayState beyond 80 bytes', expect: 'SAML_RELAY_STATE_TOO_LONG', run: (env) => ssoRedirect(env, redirectEncode(xmlFor(env)), `&RelayState=${'r'.repeat(81)}`) },
  { kind: 'SAML intake', name: 'SAMLRequest given twice', expect: 'HTTP_PARAMETER_DUPLICATED', run: (env) => ssoRedirect(env, redirectEncode(xmlFor(env)), `&SAMLRequest=${encodeURIComponent(redirectEncode(xmlFor(env)))}`) },
  { kind: 'SAML intake', name: 'a replayed, expired AuthnRequest', expect: 'SAML_REQUEST_EXPIRED', run: (env) => ssoXml(env, guardAuthnRequestXml({ instant: new Date(Date.now() - 3_600_000), ssoUrl: `${env.server.url}/saml/sso` })) },
  {
    kind: 'SAML intake',
    name: 'RelayState carrying markup is echoed only escaped',
    expect: 'signed-in',
    marker: '"><script>alert(1)</script>',
    run: (env) => signInWithRelayState(env, '"><script>alert(1)</script>'),
  },
];

/** A full SP-initiated sign-in whose AuthnRequest carries the given RelayState. */
async function signInWithRelayState(env: SecurityEnvironment, relayState: string): Promise<Outcome> {
  const sp = independentSp({ serviceProvider: SP, idpCertificatePem: await env.certificate(), ssoUrl: `${env.server.url}/saml/sso` });
  const browser = new CookieBrowser();
  const toEntra = await browser.request(await sp.getAuthorizeUrlAsync(relayState, undefined, {}));
  const loginPage = await browser.follow(toEntra.headers.get('location') ?? '');
  const login = readHtmlForm(await loginPage.response.text(), loginPage.url);
  const formPost = await browser.follow(login.action, { form: { login: USERS.alice.oid } });
  const callback = readHtmlForm(await formPost.response.text(), formPost.url);
  return env.callback(browser, callback.fields);
}

function idpLogin(target: string): (env: SecurityEnvironment) => Promise<Outcome> {
  return (env) => env.request(new CookieBrowser(), `/saml/login?RelayState=${encodeURIComponent(target)}`);
}

const idpInitiated: SecurityCase[] = [
  { kind: 'IdP-initiated sign-in', name: 'javascript: target', expect: 'LOGIN_TARGET_INVALID', marker: 'javascript:alert', run: idpLogin('javascript:alert(document.cookie)') },
  { kind: 'IdP-initiated sign-in', name: 'data: target', expect: 'LOGIN_TARGET_INVALID', run: idpLogin('data:text/html,<script>alert(1)</script>') },
  { kind: 'IdP-initiated sign-in', name: 'look-alike host', expect: 'LOGIN_TARGET_INVALID', run: idpLogin('https://contoso.atlassian.net.evil.example/') },
  { kind: 'IdP-initiated sign-in', name: 'userinfo trick', expect: 'LOGIN_TARGET_INVALID', run: idpLogin('https://contoso.atlassian.net@evil.example/') },
  { kind: 'IdP-initiated sign-in', name: 'backslash before @ (browsers and urlsplit disagree)', expect: 'LOGIN_TARGET_INVALID', run: idpLogin('https://x.atlassian.net\\@evil.com/') },
  { kind: 'IdP-initiated sign-in', name: 'no slashes after the scheme', expect: 'LOGIN_TARGET_INVALID', run: idpLogin('https:x.atlassian.net') },
  { kind: 'IdP-initiated sign-in', name: 'full-width dots in the host', expect: 'LOGIN_TARGET_INVALID', run: idpLogin('https://x\uff0eatlassian\uff0enet/') },
  { kind: 'IdP-initiated sign-in', name: 'a tab inside the host', expect: 'LOGIN_TARGET_INVALID', run: idpLogin('https://x.atlas\tsian.net/') },
  { kind: 'IdP-initiated sign-in', name: 'plain http', expect: 'LOGIN_TARGET_INVALID', run: idpLogin('http://contoso.atlassian.net/') },
  { kind: 'IdP-initiated sign-in', name: 'forged test ticket', expect: 'TEST_TICKET_INVALID', run: (env) => env.request(new CookieBrowser(), `/saml/login?test=${'A'.repeat(43)}`) },
];

/** A site check started by the admin, then a step of it as a stranger would send it. */
async function startedCheck(env: SecurityEnvironment): Promise<string> {
  const started = JSON.parse((await env.invoke('startSiteCheck', {})).body) as { value: { ticket: string } };
  return started.value.ticket;
}

const siteChecks: SecurityCase[] = [
  { kind: 'site check', name: 'forged ticket', expect: 'SITE_CHECK_TICKET_INVALID', run: (env) => env.request(new CookieBrowser(), `/healthz?check=${'A'.repeat(43)}`) },
  { kind: 'site check', name: 'malformed ticket with markup', expect: 'SITE_CHECK_TICKET_INVALID', marker: '<svg onload', run: (env) => env.request(new CookieBrowser(), `/healthz?check=${encodeURIComponent('<svg onload=alert(1)>')}`) },
  { kind: 'site check', name: 'ticket given twice', expect: 'HTTP_PARAMETER_DUPLICATED', run: (env) => env.request(new CookieBrowser(), `/healthz?check=${'A'.repeat(43)}&check=${'B'.repeat(43)}`) },
  { kind: 'site check', name: 'unknown step', expect: 'SITE_CHECK_TICKET_INVALID', run: async (env) => env.request(new CookieBrowser(), `/healthz?check=${await startedCheck(env)}&step=..%2Fadmin`) },
  { kind: 'site check', name: 'later step before the first', expect: 'SITE_CHECK_TICKET_INVALID', run: async (env) => env.request(new CookieBrowser(), `/healthz?check=${await startedCheck(env)}&step=post`, { form: { probe: 'x' } }) },
  {
    kind: 'site check',
    name: 'first step replayed',
    expect: 'SITE_CHECK_TICKET_INVALID',
    async run(env) {
      const ticket = await startedCheck(env);
      await env.request(new CookieBrowser(), `/healthz?check=${ticket}`);
      return env.request(new CookieBrowser(), `/healthz?check=${ticket}`);
    },
  },
];

const callbacks: SecurityCase[] = [
  {
    kind: 'callback',
    name: 'replayed callback',
    expect: 'OIDC_STATE_REPLAYED',
    async run(env) {
      const { browser, fields } = await env.upToCallback(USERS.alice.oid);
      await env.callback(browser, fields);
      return env.callback(browser, fields);
    },
  },
  {
    kind: 'callback',
    name: 'state swapped between two browsers',
    expect: 'OIDC_BROWSER_MISMATCH',
    async run(env) {
      const attacker = await env.upToCallback(USERS.bob.oid);
      const victim = await env.upToCallback(USERS.alice.oid);
      return env.callback(victim.browser, attacker.fields);
    },
  },
  { kind: 'callback', name: 'missing state', expect: 'OIDC_STATE_MISSING', run: async (env) => { const { browser, fields } = await env.upToCallback(USERS.alice.oid); const { state: _s, ...rest } = fields; return env.callback(browser, rest); } },
  { kind: 'callback', name: 'missing code', expect: 'OIDC_CODE_MISSING', run: async (env) => { const { browser, fields } = await env.upToCallback(USERS.alice.oid); const { code: _c, ...rest } = fields; return env.callback(browser, rest); } },
  { kind: 'callback', name: 'state given twice', expect: 'HTTP_PARAMETER_DUPLICATED', run: async (env) => { const { browser, fields } = await env.upToCallback(USERS.alice.oid); return env.request(browser, '/oidc/callback', { body: `${new URLSearchParams(fields)}&state=${fields['state'] ?? ''}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }); } },
  { kind: 'callback', name: 'code given twice', expect: 'HTTP_PARAMETER_DUPLICATED', run: async (env) => { const { browser, fields } = await env.upToCallback(USERS.alice.oid); return env.request(browser, '/oidc/callback', { body: `${new URLSearchParams(fields)}&code=other`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }); } },
  { kind: 'callback', name: 'script injected into error_description', expect: 'ENTRA_ACCESS_DENIED', marker: '<script>alert(1)</script>', run: async (env) => { const { browser, fields } = await env.upToCallback(USERS.alice.oid); return env.callback(browser, { error: 'access_denied', error_description: 'AADSTS65004: <script>alert(1)</script>', state: fields['state'] ?? '' }); } },
  { kind: 'callback', name: 'markup as the error itself', expect: 'ENTRA_ERROR', marker: '<img src=x onerror=alert(1)>', run: (env) => env.callback(new CookieBrowser(), { error: '<img src=x onerror=alert(1)>' }) },
  { kind: 'callback', name: 'oversized callback body', expect: 'HTTP_BODY_TOO_LARGE', run: (env) => env.callback(new CookieBrowser(), { state: 'A'.repeat(43), code: 'c'.repeat(20 * 1024) }) },
  { kind: 'callback', name: 'PUT instead of POST', expect: 'HTTP_METHOD_NOT_ALLOWED', run: (env) => env.request(new CookieBrowser(), '/oidc/callback', { method: 'PUT', body: 'state=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }) },
];

function forgedToken(edit: (claims: TokenClaims) => TokenClaims, signing?: (env: SecurityEnvironment) => Signing, kid?: string) {
  return async (env: SecurityEnvironment): Promise<Outcome> => {
    const { browser, fields } = await env.upToCallback(USERS.alice.oid);
    env.setFetch(rewritingTokenFetch('/token', ({ header, claims }) => signJwt(edit(claims), signing?.(env) ?? { alg: 'RS256', jwk: env.signingJwk() }, kid ?? (header['kid'] as string))));
    try {
      return await env.callback(browser, fields);
    } finally {
      env.setFetch(undefined);
    }
  };
}

const otherKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
const seconds = () => Math.floor(Date.now() / 1000);

const tokens: SecurityCase[] = [
  { kind: 'ID token', name: 'alg none', expect: 'OIDC_ID_TOKEN_SIGNATURE', run: forgedToken((c) => c, () => ({ alg: 'none' })) },
  { kind: 'ID token', name: 'HS256 signed with the client secret', expect: 'OIDC_ID_TOKEN_SIGNATURE', run: forgedToken((c) => c, () => ({ alg: 'HS256', secret: CLIENT_SECRET })) },
  { kind: 'ID token', name: 'kid of no tenant key', expect: 'OIDC_ID_TOKEN_SIGNATURE', run: forgedToken((c) => c, () => ({ alg: 'RS256', jwk: otherKey() }), 'attacker-key') },
  { kind: 'ID token', name: 'tenant kid, attacker signature', expect: 'OIDC_ID_TOKEN_SIGNATURE', run: forgedToken((c) => c, () => ({ alg: 'RS256', jwk: otherKey() })) },
  { kind: 'ID token', name: 'iss of another tenant', expect: 'OIDC_ID_TOKEN_ISSUER', run: forgedToken((c) => ({ ...c, iss: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0' })) },
  { kind: 'ID token', name: 'aud of another app', expect: 'OIDC_ID_TOKEN_AUDIENCE', run: forgedToken((c) => ({ ...c, aud: '00000000-1111-2222-3333-444444444444' })) },
  { kind: 'ID token', name: 'tid of another tenant', expect: 'OIDC_TENANT_MISMATCH', run: forgedToken((c) => ({ ...c, tid: '11111111-2222-3333-4444-555555555555' })) },
  { kind: 'ID token', name: 'exp in the past', expect: 'OIDC_ID_TOKEN_EXPIRED', run: forgedToken((c) => ({ ...c, exp: seconds() - 3600, iat: seconds() - 7200 })) },
  { kind: 'ID token', name: 'nbf in the future', expect: 'OIDC_ID_TOKEN_EXPIRED', run: forgedToken((c) => ({ ...c, nbf: seconds() + 3600 })) },
  { kind: 'ID token', name: 'nonce of another sign-in', expect: 'OIDC_ID_TOKEN_NONCE', run: forgedToken((c) => ({ ...c, nonce: 'someone-elses-nonce-value' })) },
  { kind: 'ID token', name: 'oversized token (200 KiB of claims)', expect: 'OIDC_ID_TOKEN_TOO_LARGE', run: forgedToken((c) => ({ ...c, padding: 'x'.repeat(200 * 1024) })) },
];

function signInAs(oid: string) {
  return async (env: SecurityEnvironment): Promise<Outcome> => {
    const { browser, fields } = await env.upToCallback(oid);
    return env.callback(browser, fields);
  };
}

const claims: SecurityCase[] = [
  { kind: 'claims', name: 'email with a look-alike Unicode domain', expect: 'CLAIMS_EMAIL_INVALID', run: signInAs(HOSTILE_USERS.lookAlike.oid) },
  { kind: 'claims', name: 'xms_edov absent (optional claim not configured)', expect: 'CLAIMS_EMAIL_VERIFICATION_MISSING', run: signInAs(HOSTILE_USERS.noEdov.oid) },
  { kind: 'claims', name: 'U+0085 in the email local part', expect: 'CLAIMS_EMAIL_INVALID', run: signInAs(HOSTILE_USERS.nelEmail.oid) },
  { kind: 'claims', name: 'U+2028 in the email local part', expect: 'CLAIMS_EMAIL_INVALID', run: signInAs(HOSTILE_USERS.lsEmail.oid) },
  { kind: 'claims', name: 'U+2029 in the email local part', expect: 'CLAIMS_EMAIL_INVALID', run: signInAs(HOSTILE_USERS.psEmail.oid) },
  { kind: 'claims', name: 'email with a trailing dot', expect: 'CLAIMS_DOMAIN_NOT_ALLOWED', run: signInAs(HOSTILE_USERS.trailingDot.oid) },
  { kind: 'claims', name: 'guest of another organisation', expect: 'CLAIMS_DOMAIN_NOT_ALLOWED', run: signInAs(HOSTILE_USERS.guest.oid) },
  { kind: 'claims', name: 'email carrying CR LF', expect: 'CLAIMS_EMAIL_INVALID', run: signInAs(HOSTILE_USERS.crlf.oid) },
  { kind: 'claims', name: 'xms_edov false (nOAuth)', expect: 'CLAIMS_EMAIL_UNVERIFIED', run: signInAs(USERS.unverified.oid) },
  { kind: 'claims', name: 'no email claim', expect: 'CLAIMS_EMAIL_MISSING', run: signInAs(USERS.noEmail.oid) },
  { kind: 'claims', name: 'email domain in capitals: signed in, domain lower-cased', expect: 'signed-in', marker: 'CONTOSO.COM', run: signInAs(HOSTILE_USERS.upperCase.oid) },
  { kind: 'claims', name: 'email with a + tag: signed in as exactly that address', expect: 'signed-in', run: signInAs(HOSTILE_USERS.plusTag.oid) },
  { kind: 'claims', name: 'names carrying markup: signed in, escaped in the assertion', expect: 'signed-in', marker: '<script>alert(1)</script>', run: signInAs(HOSTILE_USERS.markupName.oid) },
];

const payloads: SecurityCase[] = [
  { kind: 'resolver payload', name: 'no admin token', expect: 'LOCAL_ADMIN_TOKEN_REFUSED', run: (env) => env.invoke('getSetup', {}, null) },
  { kind: 'resolver payload', name: 'a wrong admin token', expect: 'LOCAL_ADMIN_TOKEN_REFUSED', run: (env) => env.invoke('getSetup', {}, 'guess') },
  { kind: 'resolver payload', name: 'unknown action', expect: 'SETUP_UNKNOWN_ACTION', run: (env) => env.invoke('deleteEverything', {}) },
  { kind: 'resolver payload', name: 'action named __proto__', expect: 'SETUP_UNKNOWN_ACTION', run: (env) => env.invoke('__proto__', {}) },
  { kind: 'resolver payload', name: 'action that is not a string', expect: 'SETUP_UNKNOWN_ACTION', run: (env) => env.invoke({ toString: 'getSetup' }, {}) },
  { kind: 'resolver payload', name: 'wrong types', expect: 'SETUP_INVALID', run: (env) => env.invoke('saveEntraStep', { tenantId: 42, clientId: ['x'], clientSecret: { value: 'x' } }) },
  { kind: 'resolver payload', name: 'huge strings', expect: 'SETUP_INVALID', run: (env) => env.invoke('saveGuardStep', { spEntityId: `https://x.example/${'a'.repeat(50_000)}`, acsUrl: SP.acsUrl, allowedDomains: ['contoso.com'] }) },
  { kind: 'resolver payload', name: '__proto__ key', expect: 'SETUP_INVALID', run: (env) => env.invoke('saveGuardStep', JSON.parse(`{"__proto__": {"admin": true}, "spEntityId": "${SP.entityId}", "acsUrl": "${SP.acsUrl}", "allowedDomains": ["contoso.com"]}`)) },
  { kind: 'resolver payload', name: 'constructor.prototype key', expect: 'SETUP_INVALID', run: (env) => env.invoke('saveGuardStep', { constructor: { prototype: { admin: true } }, spEntityId: SP.entityId, acsUrl: SP.acsUrl, allowedDomains: ['contoso.com'] }) },
  { kind: 'resolver payload', name: 'array instead of an object', expect: 'SETUP_INVALID', run: (env) => env.invoke('saveGuardStep', [SP.entityId, SP.acsUrl]) },
  { kind: 'resolver payload', name: 'null payload', expect: 'SETUP_INVALID', run: (env) => env.invoke('saveEntraStep', null) },
  { kind: 'resolver payload', name: 'body that is not JSON', expect: 'SETUP_INVALID', run: async (env) => { const r = await fetch(`${env.server.url}/api/invoke`, { method: 'POST', headers: { authorization: 'Bearer security-suite-admin-token' }, body: '{"action": ' }); return { status: r.status, body: await r.text() }; } },
  { kind: 'resolver payload', name: 'a mismatched Guard pair', expect: 'SETUP_INVALID', run: (env) => env.invoke('saveGuardStep', { spEntityId: SP.entityId, acsUrl: SP.acsUrl.replace('saml-0f8e', 'saml-1f8e'), allowedDomains: ['contoso.com'] }) },
  { kind: 'resolver payload', name: 'tenant changed without confirming: prepared, not in force', expect: 'staged', run: (env) => env.invoke('saveEntraStep', { authority: env.entraAuthority, tenantId: '11111111-2222-3333-4444-555555555555', clientId: CLIENT_ID, clientSecret: 'Xy8Q~the-new-tenants-own-secret-value.123' }) },
  { kind: 'resolver payload', name: 'tenant changed keeping the old tenant’s secret', expect: 'SETUP_INVALID', run: (env) => env.invoke('saveEntraStep', { authority: env.entraAuthority, tenantId: '11111111-2222-3333-4444-555555555555', clientId: CLIENT_ID, confirmTrustChange: true }) },
  { kind: 'resolver payload', name: 'domains widened without confirming: prepared, not in force', expect: 'staged', run: (env) => env.invoke('saveGuardStep', { spEntityId: SP.entityId, acsUrl: SP.acsUrl, allowedDomains: ['contoso.com', 'evil.example'] }) },
  { kind: 'resolver payload', name: 'trust changed by import without confirming: prepared, not in force', expect: 'staged', run: (env) => env.invoke('importConfiguration', { format: PORTABLE_FORMAT, entra: { authority: env.entraAuthority, tenantId: TENANT_ID, clientId: CLIENT_ID, nameIdClaim: 'preferred_username' }, guard: { spEntityId: SP.entityId, acsUrl: SP.acsUrl, allowedDomains: ['contoso.com'] } }) },
  { kind: 'resolver payload', name: 'xms_edov requirement turned off without confirming: prepared, not in force', expect: 'staged', run: (env) => env.invoke('saveEntraStep', { authority: env.entraAuthority, tenantId: TENANT_ID, clientId: CLIENT_ID, requireXmsEdov: false }) },
  { kind: 'resolver payload', name: 'confirmation that is not true', expect: 'SETUP_INVALID', run: (env) => env.invoke('saveGuardStep', { spEntityId: SP.entityId, acsUrl: SP.acsUrl, allowedDomains: ['evil.example'], confirmTrustChange: 'yes' }) },
  { kind: 'resolver payload', name: 'confirmation smuggled in __proto__', expect: 'SETUP_INVALID', run: (env) => env.invoke('saveGuardStep', JSON.parse(`{"__proto__": {"confirmTrustChange": true}, "spEntityId": "${SP.entityId}", "acsUrl": "${SP.acsUrl}", "allowedDomains": ["evil.example"]}`)) },
  { kind: 'resolver payload', name: 'a connection claiming a domain another one holds', expect: 'SETUP_INVALID', run: (env) => env.invoke('saveConnection', { id: 'rogue', kind: 'oidc', issuer: 'https://idp.evil.example', clientId: 'x', allowedDomains: ['contoso.com'], clientSecret: 'x', confirmTrustChange: true }) },
  { kind: 'resolver payload', name: 'a connection named like the first one', expect: 'SETUP_INVALID', run: (env) => env.invoke('saveConnection', { id: 'primary', kind: 'oidc', issuer: 'https://idp.example.org', clientId: 'x', allowedDomains: ['example.org'], clientSecret: 'x', confirmTrustChange: true }) },
  { kind: 'resolver payload', name: 'a connection over plain http', expect: 'SETUP_INVALID', run: (env) => env.invoke('saveConnection', { id: 'plain', kind: 'oidc', issuer: 'http://idp.example.org', clientId: 'x', allowedDomains: ['example.org'], clientSecret: 'x', confirmTrustChange: true }) },
  { kind: 'resolver payload', name: 'a connection added without confirming: prepared, not in force', expect: 'staged', run: (env) => env.invoke('saveConnection', { id: 'partner', kind: 'oidc', issuer: 'https://idp.example.org', clientId: 'x', allowedDomains: ['example.org'], clientSecret: 'x' }) },
  { kind: 'resolver payload', name: 'an authority outside Entra ID', expect: 'SETUP_INVALID', run: (env) => env.invoke('saveEntraStep', { authority: 'https://login.evil.example', tenantId: TENANT_ID, clientId: CLIENT_ID }) },
];

function configFile(content: string | object, secret?: string) {
  return async (): Promise<Outcome> => {
    const dir = await mkdtemp(join(tmpdir(), 'config-case-'));
    const file = join(dir, 'bridge.json');
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
    const read = await readConfigFile(file, secret);
    return read.ok ? { status: 0, body: 'accepted' } : { status: 1, body: read.messages.join('\n') };
  };
}

const goodFile = { entra: { tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: 'x' }, guard: { spEntityId: SP.entityId, acsUrl: SP.acsUrl, allowedDomains: ['contoso.com'] } };

const configFiles: SecurityCase[] = [
  { kind: 'config file', name: 'not JSON', expect: 'CONFIG_REFUSED', run: configFile('{"entra": ') },
  { kind: 'config file', name: 'wrong types', expect: 'CONFIG_REFUSED', run: configFile({ ...goodFile, entra: { ...goodFile.entra, tenantId: 42 } }) },
  { kind: 'config file', name: 'plain http authority off this machine', expect: 'CONFIG_REFUSED', run: configFile({ ...goodFile, entra: { ...goodFile.entra, authority: 'http://login.microsoftonline.com' } }) },
  { kind: 'config file', name: 'an authority outside Entra ID', expect: 'CONFIG_REFUSED', run: configFile({ ...goodFile, entra: { ...goodFile.entra, authority: 'https://login.microsoftonline.com.evil.example' } }) },
  { kind: 'config file', name: '__proto__ key', expect: 'CONFIG_REFUSED', run: configFile(`{"__proto__": {"x": 1}, ${JSON.stringify(goodFile).slice(1)}`) },
  // With no secret at all the bridge's own certificate is the credential; a secret asked for must be there.
  { kind: 'config file', name: 'the secret chosen, but none given', expect: 'CONFIG_REFUSED', run: configFile({ ...goodFile, entra: { tenantId: TENANT_ID, clientId: CLIENT_ID, clientCredential: 'secret' } }) },
  { kind: 'config file', name: 'an unknown credential kind', expect: 'CONFIG_REFUSED', run: configFile({ ...goodFile, entra: { ...goodFile.entra, clientCredential: 'password' } }) },
  { kind: 'config file', name: 'empty allowed-domain list', expect: 'CONFIG_REFUSED', run: configFile({ ...goodFile, guard: { ...goodFile.guard, allowedDomains: [] } }) },
];

export const SECURITY_CASES: readonly SecurityCase[] = [...intake, ...idpInitiated, ...siteChecks, ...callbacks, ...tokens, ...claims, ...payloads, ...configFiles];
