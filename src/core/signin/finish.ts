import type { SignInRecord } from '../audit/sign-in-record';
import { isFormBody, parseFormBody, singleParameter, type Parameters } from '../http/parameters';
import type { HttpRequest, HttpResponse } from '../http/types';
import { fail, ok, type Result } from '../kernel/result';
import type { ErrorCode } from '../errors/catalogue';
import { answerSignIn, answerWithStatus } from '../saml/answer';
import { STATUS } from '../saml/constants';
import { certificateKeyId } from '../saml/signing-identity';
import { admitLoginState, settingsFor, type SignInSettings } from './callback-state';
import { subjectFromClaims, type IdTokenClaims } from '../oidc/entra-claims';
import { credentialFor } from './connection-credential';
import { checkResponseIssuer, redeemCodeAt } from '../oidc/entra-client';
import { clientOf, connectionIdOfCallbackPath, providerOf, redirectUriOf } from './connections';
import { subjectFromOidcClaims } from '../oidc/provider-claims';
import { mapEntraError } from '../oidc/entra-error-mapping';
import { LOGIN_STATE_TTL_SECONDS, type LoginState } from './login-state';
import { respond } from './respond';
import { fingerprintOf } from '../setup/trust';
import { PRIMARY_CONNECTION_ID } from '../config/schema';
import type { CallbackSettings, LoginDependencies, SecretsLoader } from './settings';
import { failedResult, passedChecks, passedResult, saveTestResult, testResultPage, type TestSignInResult } from './test-sign-in';

/** Entra's form_post answer is a code, a state and a session_state: a few KiB at most. */
const MAX_CALLBACK_BODY_BYTES = 16 * 1024;

function callbackParameters(http: HttpRequest): Result<Parameters> {
  switch (http.method.toUpperCase()) {
    case 'GET':
      return ok(http.query);
    case 'POST':
      if (Buffer.byteLength(http.body, 'utf8') > MAX_CALLBACK_BODY_BYTES) return fail('HTTP_BODY_TOO_LARGE');
      if (!isFormBody(http)) return fail('HTTP_FORM_EXPECTED');
      return ok(parseFormBody(http.body));
    default:
      return fail('HTTP_METHOD_NOT_ALLOWED', 'the callback accepts GET and POST (form_post)');
  }
}

/** Reads named parameters, each at most once. */
function readAll<const N extends string>(parameters: Parameters, names: readonly N[]): Result<Partial<Record<N, string>>> {
  const values: Partial<Record<N, string>> = {};
  for (const name of names) {
    const value = singleParameter(parameters, name);
    if (!value.ok) return value;
    if (value.value !== undefined) values[name] = value.value;
  }
  return ok(values);
}

/**
 * What the audit trail learns as the callback goes: filled in step by step. `authenticated`:
 * the directory's ID token was verified, so the outcome concerns a real account of it.
 * `claimedEmail` and `issuer`: what the token said and who said it, for a refused record.
 */
type Trail = Partial<Pick<SignInRecord, 'kind' | 'email' | 'sp' | 'connection' | 'key' | 'claimedEmail' | 'issuer'>> & {
  testTicket?: string;
  authenticated?: boolean;
  /** The kind of directory: another OpenID provider may let anyone make an account. */
  directory?: 'entra' | 'oidc';
};

/**
 * A real sign-in ends in the POST form to the ACS (with a refusal code for the trail when it
 * carries a status instead of an assertion); a test sign-in in a report.
 */
type Outcome = { readonly response: HttpResponse; readonly refusedWith?: ErrorCode } | { readonly test: TestSignInResult };

/** Entra's answers to prompt=none when the person would have to act (OIDC Core §3.1.2.6). */
const PASSIVE_REFUSALS: readonly string[] = ['login_required', 'interaction_required', 'consent_required', 'account_selection_required'];

/**
 * How far Entra's clock may be behind ours when it reports auth_time. A forced sign-in
 * whose auth_time is older than the start of the sign-in by more than this reused a session.
 */
export const AUTH_TIME_SKEW_MS = 15_000;

function targetOf(login: LoginState, { settings }: SignInSettings) {
  return {
    serviceProvider: { entityId: settings.config.guard.spEntityId, acsUrl: settings.config.guard.acsUrl },
    ...(login.requestId !== undefined && { inResponseTo: login.requestId }),
    ...(login.relayState !== undefined && { relayState: login.relayState }),
  };
}

/**
 * IsPassive: Entra could not sign the person in without asking. SAML wants a Response all
 * the same: a signed status Response (Responder / NoPassive) to the saved ACS, no assertion.
 */
async function noPassiveAnswer(login: LoginState, settings: CallbackSettings, loadSecrets: SecretsLoader, deps: LoginDependencies): Promise<Result<Outcome>> {
  const current = await settingsFor(login, settings.current);
  if (!current.ok) return current;
  const secrets = await loadSecrets(login.secretsVersion);
  if (!secrets.ok) return secrets;
  const response = answerWithStatus(targetOf(login, current.value), { code: STATUS.responder, subCode: STATUS.noPassive }, settings.identityProvider, secrets.value.signingKey, deps.clock.now());
  return ok({ response, refusedWith: 'ENTRA_PASSIVE_NOT_POSSIBLE' });
}

/** ForceAuthn: the ID token must prove a sign-in after this one started. */
function provesFreshSignIn(claims: IdTokenClaims, login: LoginState): Result<undefined> {
  if (!login.forceAuthn) return ok(undefined);
  if (typeof claims.auth_time !== 'number') return fail('OIDC_AUTH_TIME_MISSING');
  return claims.auth_time * 1000 < login.startedAt - AUTH_TIME_SKEW_MS ? fail('OIDC_REAUTHENTICATION_MISSING') : ok(undefined);
}

async function finish(http: HttpRequest, settings: CallbackSettings, loadSecrets: SecretsLoader, deps: LoginDependencies, trail: Trail): Promise<Result<Outcome>> {
  const parameters = callbackParameters(http);
  if (!parameters.ok) return parameters;
  const read = readAll(parameters.value, ['state', 'code', 'error', 'error_description', 'iss']);
  if (!read.ok) return read;
  const { state, code, error, error_description: description, iss } = read.value;
  // Which directory's Redirect URI this is: the login state must name the same one.
  const arrivedAt = connectionIdOfCallbackPath(http.pathSuffix);
  if (arrivedAt === undefined) return fail('OIDC_REDIRECT_URI_UNKNOWN');

  if (error !== undefined) {
    // The sign-in ended at the directory: its state is spent, if this browser may spend it.
    if (state !== undefined) {
      const spent = await admitLoginState(state, arrivedAt, http, settings.callbackUrl, deps);
      if (spent.ok) {
        Object.assign(trail, { kind: spent.value.kind, connection: spent.value.connectionId });
        if (spent.value.kind === 'sp' && spent.value.isPassive === true && PASSIVE_REFUSALS.includes(error)) return noPassiveAnswer(spent.value, settings, loadSecrets, deps);
      }
    }
    return { ok: false, error: mapEntraError(error, description, redirectUriOf(arrivedAt, settings.callbackUrl)) };
  }
  if (state === undefined) return fail('OIDC_STATE_MISSING');
  if (code === undefined) return fail('OIDC_CODE_MISSING');
  const login = await admitLoginState(state, arrivedAt, http, settings.callbackUrl, deps);
  if (!login.ok) return login;
  Object.assign(trail, { kind: login.value.kind, connection: login.value.connectionId });
  if (login.value.testTicket !== undefined) trail.testTicket = login.value.testTicket;

  const current = await settingsFor(login.value, settings.current);
  if (!current.ok) return current;
  const { config } = current.value.settings;
  const { connection } = current.value;
  trail.sp = config.guard.spEntityId;
  trail.issuer = clientOf(connection).issuer;
  trail.directory = connection.kind;
  // RFC 9207 where the directory offers it: checked before the code goes anywhere.
  const issuer = await checkResponseIssuer(providerOf(connection), iss, deps);
  if (!issuer.ok) return issuer;
  const secrets = await loadSecrets(login.value.secretsVersion);
  if (!secrets.ok) return secrets;
  const credential = credentialFor(connection, secrets.value);
  if (!credential.ok) return credential;
  // The key signs only for the settings it is bound to (a change of trust replaces the key).
  const boundTo = secrets.value.signingKeyBoundTo;
  if (boundTo !== undefined && fingerprintOf(config) !== boundTo) return fail('TRUST_BINDING_MISMATCH');
  const claims = await redeemCodeAt(
    providerOf(connection),
    {
      redirectUri: redirectUriOf(connection.id, settings.callbackUrl),
      callbackParameters: { code, state, ...(iss !== undefined && { iss }) },
      state,
      nonce: login.value.nonce,
      codeVerifier: login.value.codeVerifier,
      credential: credential.value,
    },
    deps,
  );
  if (!claims.ok) return claims;
  trail.authenticated = true;
  if (typeof claims.value.email === 'string') trail.claimedEmail = claims.value.email.slice(0, 320);
  // Each directory vouches only for its own domains: a token of one naming another's domain is
  // refused. Who it is comes first: every later refusal is then of a person the directory vouched for.
  const subject = connection.kind === 'entra' ? subjectFromClaims(claims.value, connection.entra, { allowedDomains: connection.allowedDomains }) : subjectFromOidcClaims(claims.value, connection.oidc);
  if (!subject.ok) return subject;
  trail.claimedEmail = subject.value.nameId;
  const fresh = provesFreshSignIn(claims.value, login.value);
  if (!fresh.ok) return fresh;
  trail.email = subject.value.nameId;
  // The key that signs (or, for a test, would sign): the wizard verifies steps against today's key.
  trail.key = certificateKeyId(secrets.value.signingKey.certificateBase64);
  if (login.value.kind === 'test') {
    return ok({ test: passedResult(deps.clock.now(), subject.value, passedChecks(claims.value, config, subject.value)) });
  }
  const answer = answerSignIn(targetOf(login.value, current.value), subject.value, settings.identityProvider, secrets.value.signingKey, deps.clock.now());
  return answer.ok ? ok({ response: answer.value }) : answer;
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
function isListed(trail: Trail, refusedWith: ErrorCode): boolean {
  if (trail.testTicket !== undefined || refusedWith === 'ENTRA_PASSIVE_NOT_POSSIBLE') return true;
  if (trail.authenticated !== true || refusedWith === 'CLAIMS_DOMAIN_NOT_ALLOWED') return false;
  return !(trail.directory === 'oidc' && refusedWith.startsWith('CLAIMS_'));
}

function recordOf(trail: Trail, refusedWith: ErrorCode | undefined, at: Date): SignInRecord {
  const signedIn = refusedWith === undefined;
  return {
    at: at.toISOString(),
    kind: trail.kind ?? 'sp',
    outcome: signedIn ? 'signed-in' : 'refused',
    ...(!signedIn && { code: refusedWith }),
    // The NameID the bridge vouched for; a refused record says only what the token claimed, and who claimed it.
    ...(signedIn && trail.email !== undefined && { email: trail.email }),
    ...(!signedIn && trail.claimedEmail !== undefined && { claimedEmail: trail.claimedEmail }),
    ...(!signedIn && trail.authenticated === true && trail.issuer !== undefined && { issuer: trail.issuer }),
    ...(trail.sp !== undefined && { sp: trail.sp }),
    ...(trail.connection !== undefined && trail.connection !== PRIMARY_CONNECTION_ID && { connection: trail.connection }),
    ...(signedIn && trail.key !== undefined && { key: trail.key }),
  };
}

/** The callback: the directory's answer in, the POST form to the saved ACS out (or an error page). */
export async function finishLogin(http: HttpRequest, settings: CallbackSettings, loadSecrets: SecretsLoader, deps: LoginDependencies): Promise<HttpResponse> {
  const trail: Trail = {};
  const result = await finish(http, settings, loadSecrets, deps, trail);
  const refusedWith = !result.ok ? result.error.code : 'response' in result.value ? result.value.refusedWith : undefined;
  const record = recordOf(trail, refusedWith, deps.clock.now());
  // The trail must not decide the sign-in: a failing audit store is logged, not shown.
  const kept = refusedWith === undefined || isListed(trail, refusedWith) ? deps.audit.append(record) : deps.refusals.record(record.kind, refusedWith);
  await kept.catch(() => deps.logger.warn('audit.unavailable'));
  if (trail.testTicket !== undefined) {
    // A test sign-in ends in a report for the wizard, whatever its outcome; never a Response.
    const report = !result.ok ? failedResult(deps.clock.now(), result.error) : 'test' in result.value ? result.value.test : failedResult(deps.clock.now(), { code: 'TEST_TICKET_INVALID' });
    await saveTestResult(deps.store, trail.testTicket, report);
    return testResultPage(report);
  }
  if (!result.ok) return respond(result, deps.logger);
  if ('response' in result.value) return result.value.response;
  // A test outcome with no ticket to report it under: refused, and nothing is sent.
  return respond(fail('TEST_TICKET_INVALID'), deps.logger);
}
