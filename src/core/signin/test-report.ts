import { PRIMARY_CONNECTION_ID } from '../config/schema';
import type { VouchRule } from '../oidc/claims';
import { certificateThumbprintSha1 } from '../oidc/client-credential';
import { clientOf, redirectUriOf } from './connections';
import type { CredentialPresented, SignInCallback } from './sign-in';

/**
 * A test sign-in's report, read off the sign-in value as the callback left it: each line
 * names a check the callback made and what it found, in the order it made them. A check the
 * sign-in did not reach has no line, so a report never claims more than happened.
 */

/** The directory a test went through, as the report names it. */
export interface TestedDirectory {
  readonly connection: string;
  readonly issuer: string;
  readonly clientId: string;
  /** How the bridge proved itself at the token endpoint, once it did. */
  readonly credential?: string;
}

function nameOf(connectionId: string): string {
  return connectionId === PRIMARY_CONNECTION_ID ? 'step 1’s directory' : `the directory “${connectionId}”`;
}

function credentialWords(credential: CredentialPresented): string {
  return credential.kind === 'secret' ? 'the client secret' : `a client assertion signed with the bridge’s certificate (thumbprint ${certificateThumbprintSha1(credential.certificatePem)})`;
}

function vouchWords(rule: VouchRule): string {
  switch (rule.rule) {
    case 'tenant':
      return `The token’s tenant (tid) is the directory’s tenant ${rule.tenantId}`;
    case 'email-domain':
      return `The ${rule.claim} claim is in ${rule.domain}, one of this directory’s allowed domains`;
    case 'domain-owner-verified':
      return 'Entra ID says the email domain’s owner verified it (xms_edov)';
    case 'domain-owner-unstated':
      return rule.claim === 'email'
        ? 'The token carries no xms_edov, and the directory does not require it: only the allowed domains vouch for the email. Add xms_edov as an optional claim and require it.'
        : `The token carries no xms_edov; the NameID comes from ${rule.claim}, which the tenant issues only in its own domains`;
    case 'email-verified':
      return 'The directory says the account owns the email (email_verified)';
    case 'workspace-domain':
      return `The account belongs to the Google Workspace of ${rule.domain} (hd)`;
  }
}

/** The directory of the test, with the credential it used, as far as the sign-in got. */
export function testedDirectoryOf(signIn: SignInCallback): TestedDirectory | undefined {
  const connection = signIn.settings?.connection;
  if (connection === undefined) return undefined;
  const client = clientOf(connection);
  return { connection: nameOf(connection.id), issuer: signIn.responseIssuer?.issuer ?? client.issuer, clientId: client.clientId, ...(signIn.credential !== undefined && { credential: credentialWords(signIn.credential) }) };
}

/** The claims the verified ID token carried, by name (values stay out of the report but for the NameID). */
export function claimNamesOf(signIn: SignInCallback): string[] | undefined {
  return signIn.claims === undefined ? undefined : Object.keys(signIn.claims).sort();
}

/** The checks the callback made, in words. */
export function checksOf(signIn: SignInCallback, callbackUrl: string): string[] {
  const checks: string[] = [];
  const { login, settings, responseIssuer, credential, idToken, claims, vouchedBy, reauthenticatedAt, boundTo, key } = signIn;
  if (login === undefined) return checks;
  checks.push(`The answer came to the Redirect URI of ${nameOf(login.connectionId)} (${redirectUriOf(login.connectionId, callbackUrl)}), in the browser that started the test; its state was used once`);
  if (settings === undefined) return checks;
  checks.push('The settings in force are the ones the test started under');
  if (responseIssuer !== undefined) {
    checks.push(
      responseIssuer.compared
        ? `The answer names its issuer, and it is the directory’s: ${responseIssuer.issuer} (RFC 9207)`
        : `The directory’s discovery does not offer the iss parameter (RFC 9207); its own Redirect URI ties the answer to ${responseIssuer.issuer}`,
    );
  }
  if (boundTo !== undefined) checks.push(`The signing key is bound to these settings (trust fingerprint ${boundTo.slice(0, 16)}…)`);
  if (credential === undefined || idToken === undefined || claims === undefined) return checks;
  checks.push(`The code was redeemed at ${idToken.tokenEndpoint} with PKCE (S256) and ${credentialWords(credential)}`);
  checks.push(`The ID token’s signature (${idToken.algorithm}${idToken.keyId === undefined ? '' : `, key ${idToken.keyId}`}) verified with a key the issuer publishes`);
  checks.push(`Issuer ${String(claims.iss)}, audience ${clientOf(settings.connection).clientId} (this directory’s client ID), the nonce of this test, and not expired`);
  for (const rule of vouchedBy ?? []) checks.push(vouchWords(rule));
  if (reauthenticatedAt !== undefined) checks.push(`Signed in afresh at ${new Date(reauthenticatedAt * 1000).toISOString()} (auth_time), after the test started`);
  if (key !== undefined) checks.push(`A real sign-in would be signed with the key ${key}`);
  return checks;
}
