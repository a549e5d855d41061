import type { SignInRecord } from '../audit/sign-in-record';
import { PRIMARY_CONNECTION_ID, type BridgeConfig } from '../config/schema';
import type { ErrorCode } from '../errors/catalogue';
import type { ReadRequest } from '../http/request';
import type { IdTokenClaims, VouchRule } from '../oidc/claims';
import type { ClientCredential } from '../oidc/client-credential';
import type { ResponseIssuerCheck } from '../oidc/discovery';
import type { RedeemedCode } from '../oidc/relying-party';
import type { SignInAnswerTarget } from '../saml/answer';
import type { AuthenticatedSubject } from '../saml/assertion';
import type { AuthnRequest } from '../saml/authn-request/authn-request';
import type { ServiceProvider } from '../saml/service-provider';
import type { SignInSettings } from './callback-state';
import { clientOf } from './connections';
import type { Route } from './home-realm';
import type { LoginState } from './login-state';

/**
 * One sign-in, as the bridge learns it. Like crewjam/saml's IdpAuthnRequest, one value moves
 * through the hops: the request is read once, and each step adds what it established
 * (intake → route → authorize at the start; answer → login state → settings → ID token →
 * subject at the callback); no step reaches back. What the trail records is derived from
 * this value, so it says what the steps found and nothing else.
 */
export interface SignInStart {
  /** `sp`: Guard's AuthnRequest; `idp`: IdP-initiated; `test`: the wizard's test sign-in. */
  readonly kind: LoginState['kind'];
  readonly request: ReadRequest;
  /** Guard's AuthnRequest, once taken in (SP-initiated only). */
  readonly authnRequest?: AuthnRequest;
  readonly relayState?: string;
  readonly testTicket?: string;
  readonly forceAuthn: boolean;
  readonly isPassive?: boolean;
  /** The email Guard names in the AuthnRequest's Subject (Entra's `login_hint`). */
  readonly loginHint?: string;
  /** The directory it goes to, once routed. */
  readonly route?: Route;
}

export interface SignInCallback {
  readonly request: ReadRequest;
  /** The connection whose Redirect URI the answer arrived at. */
  readonly arrivedAt?: string;
  /** The login state, judged and taken. */
  readonly login?: LoginState;
  /** The settings in force, the ones the sign-in started under, and its connection in them. */
  readonly settings?: SignInSettings;
  /** The directory's issuer as discovery names it, and whether the answer's `iss` was compared with it (RFC 9207). */
  readonly responseIssuer?: ResponseIssuerCheck;
  /** What the bridge presented at the token endpoint. */
  readonly credential?: CredentialPresented;
  /** How the ID token was verified: the token endpoint it came from, the algorithm and key its header named. */
  readonly idToken?: Omit<RedeemedCode, 'claims'>;
  /** The directory's verified ID token. */
  readonly claims?: IdTokenClaims;
  /** Who the directory vouches for, in a domain it owns. */
  readonly subject?: AuthenticatedSubject;
  /** The rules by which the directory could vouch for them. */
  readonly vouchedBy?: readonly VouchRule[];
  /** ForceAuthn: the auth_time that proved a sign-in after the start (absent: not asked for). */
  readonly reauthenticatedAt?: number;
  /** The trust fingerprint the key is bound to, when it is (checked against the settings). */
  readonly boundTo?: string;
  /** The signing key that signs (or, for a test, would sign): certificateKeyId. */
  readonly key?: string;
}

/**
 * The credential a token request carried: a client secret (never its value), or the bridge's
 * certificate (public; a report names it by thumbprint, worked out only when one is made).
 */
export type CredentialPresented = { readonly kind: 'secret' } | { readonly kind: 'certificate'; readonly certificatePem: string };

export function credentialPresented(credential: ClientCredential): CredentialPresented {
  return typeof credential === 'string' ? { kind: 'secret' } : { kind: 'certificate', certificatePem: credential.certificatePem };
}

/** Atlassian Guard as saved: the one service provider, and its ACS URL, every answer goes to. */
export function serviceProviderOf(config: BridgeConfig): ServiceProvider {
  return { entityId: config.guard.spEntityId, acsUrl: config.guard.acsUrl };
}

/** Where a sign-in is answered: the saved SP and ACS, in response to its AuthnRequest (if any), with its RelayState. */
export function answerTargetOf(config: BridgeConfig, inResponseTo: string | undefined, relayState: string | undefined): SignInAnswerTarget {
  return { serviceProvider: serviceProviderOf(config), ...(inResponseTo !== undefined && { inResponseTo }), ...(relayState !== undefined && { relayState }) };
}

/**
 * Whether an outcome goes on the sign-in trail (listed for the admin) or is only counted.
 * Listed: sign-ins, the admin's test sign-ins, and refusals of an account its directory
 * authenticated, in a domain that directory owns. Everything else can be caused by anyone:
 * no state, an account claiming another directory's domain, and at another OpenID provider
 * (which may let anyone make an account, Google's consumer accounts, Okta or Auth0
 * self-sign-up) any claim it did not vouch for. Those are counted apart, so no stranger can
 * push the admin's records out of the trail, or choose the address the admin reads there.
 * An Entra ID tenant holds only the accounts its admins let in: its claim refusals are listed.
 */
export function isListed(signIn: SignInCallback, refusedWith: ErrorCode | undefined): boolean {
  if (refusedWith === undefined || signIn.login?.testTicket !== undefined || refusedWith === 'ENTRA_PASSIVE_NOT_POSSIBLE') return true;
  if (signIn.claims === undefined || refusedWith === 'CLAIMS_DOMAIN_NOT_ALLOWED') return false;
  return !(signIn.settings?.connection.kind === 'oidc' && refusedWith.startsWith('CLAIMS_'));
}

/**
 * The sign-in record of a callback: the NameID the bridge vouched for when it signed; for a
 * refusal only what the token claimed and who claimed it. Never tokens, codes or secrets.
 */
export function auditRecordOf(signIn: SignInCallback, refusedWith: ErrorCode | undefined, at: Date): SignInRecord {
  const signedIn = refusedWith === undefined;
  const { login, settings, claims, subject } = signIn;
  const claimedEmail = subject?.nameId ?? (typeof claims?.email === 'string' ? claims.email.slice(0, 320) : undefined);
  return {
    at: at.toISOString(),
    kind: login?.kind ?? 'sp',
    outcome: signedIn ? 'signed-in' : 'refused',
    ...(!signedIn && { code: refusedWith }),
    ...(signedIn && subject !== undefined && { email: subject.nameId }),
    ...(!signedIn && claimedEmail !== undefined && { claimedEmail }),
    ...(!signedIn && claims !== undefined && settings !== undefined && { issuer: clientOf(settings.connection).issuer }),
    ...(settings !== undefined && { sp: settings.settings.config.guard.spEntityId }),
    ...(login !== undefined && login.connectionId !== PRIMARY_CONNECTION_ID && { connection: login.connectionId }),
    ...(signedIn && signIn.key !== undefined && { key: signIn.key }),
  };
}
