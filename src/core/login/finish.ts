import type { SignInRecord } from '../audit/sign-in-record';
import { isFormBody, parseFormBody, singleParameter, type Parameters } from '../http/parameters';
import type { HttpRequest, HttpResponse } from '../http/types';
import { fail, ok, type Result } from '../result';
import { storageFault } from '../storage-fault';
import type { ErrorCode } from '../errors/catalogue';
import { answerSignIn, answerWithStatus } from '../saml/answer';
import { STATUS } from '../saml/constants';
import { certificateKeyId } from '../saml/signing-identity';
import { isSameBrowser } from './browser-binding';
import { subjectFromClaims, type EntraClaims } from './claims';
import { redeemCodeAt } from './entra-client';
import { connectionById, providerOf } from './connections';
import { subjectFromOidcClaims } from './oidc-claims';
import { PRIMARY_CONNECTION_ID } from '../config/schema';
import { mapEntraError } from './entra-error-mapping';
import { LOGIN_STATE_TTL_SECONDS, isWellFormedState, loginStateKey, readLoginState, type LoginState } from './login-state';
import { respond } from './respond';
import { fingerprintOf } from '../setup/trust';
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

/** Takes the login state once; a second take of the same state is a replay. */
async function takeLoginState(state: string, deps: LoginDependencies): Promise<Result<LoginState>> {
  if (!isWellFormedState(state)) return fail('OIDC_STATE_UNKNOWN');
  let taken;
  try {
    taken = await deps.store.take(loginStateKey(state));
  } catch (error) {
    return storageFault(error, 'the login state could not be read');
  }
  if (taken.status === 'used') return fail('OIDC_STATE_REPLAYED');
  if (taken.status === 'absent') return fail('OIDC_STATE_UNKNOWN');
  const record = readLoginState(taken.value, deps.snapshots);
  if (record === undefined) return fail('OIDC_STATE_UNKNOWN', 'the saved login state is not readable');
  if (record.expiresAt <= deps.clock.now().getTime()) return fail('OIDC_STATE_EXPIRED');
  return ok(record);
}

/**
 * What the audit trail learns as the callback goes: filled in step by step. `authenticated`:
 * Entra ID's ID token was verified, so the outcome concerns a real account of the tenant.
 */
type Trail = Partial<Pick<SignInRecord, 'kind' | 'email' | 'sp' | 'connection' | 'key'>> & { testTicket?: string; authenticated?: boolean };

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

/**
 * IsPassive: Entra could not sign the person in without asking. SAML wants a Response all
 * the same: a signed status Response (Responder / NoPassive) to the saved ACS, no assertion.
 */
async function noPassiveAnswer(http: HttpRequest, login: LoginState, settings: CallbackSettings, loadSecrets: SecretsLoader, deps: LoginDependencies): Promise<Result<Outcome>> {
  if (!isSameBrowser(http, settings.callbackUrl, login.browserBindingHash)) return fail('OIDC_BROWSER_MISMATCH');
  const secrets = await loadSecrets(login.secretsVersion);
  if (!secrets.ok) return secrets;
  const target = {
    serviceProvider: { entityId: login.config.guard.spEntityId, acsUrl: login.config.guard.acsUrl },
    ...(login.requestId !== undefined && { inResponseTo: login.requestId }),
    ...(login.relayState !== undefined && { relayState: login.relayState }),
  };
  const response = answerWithStatus(target, { code: STATUS.responder, subCode: STATUS.noPassive }, settings.identityProvider, secrets.value.signingKey, deps.clock.now());
  return ok({ response, refusedWith: 'ENTRA_PASSIVE_NOT_POSSIBLE' });
}

/** ForceAuthn: the ID token must prove a sign-in after this one started. */
function provesFreshSignIn(claims: EntraClaims, login: LoginState): Result<undefined> {
  if (!login.forceAuthn) return ok(undefined);
  if (typeof claims.auth_time !== 'number') return fail('OIDC_AUTH_TIME_MISSING');
  const startedAt = login.startedAt ?? login.expiresAt - LOGIN_STATE_TTL_SECONDS * 1000;
  return claims.auth_time * 1000 < startedAt - AUTH_TIME_SKEW_MS ? fail('OIDC_REAUTHENTICATION_MISSING') : ok(undefined);
}

async function finish(
  http: HttpRequest,
  settings: CallbackSettings,
  loadSecrets: SecretsLoader,
  deps: LoginDependencies,
  trail: Trail,
): Promise<Result<Outcome>> {
  const parameters = callbackParameters(http);
  if (!parameters.ok) return parameters;
  const read = readAll(parameters.value, ['state', 'code', 'error', 'error_description', 'iss']);
  if (!read.ok) return read;
  const { state, code, error, error_description: description, iss } = read.value;

  if (error !== undefined) {
    // The sign-in ended at Entra ID; its state is spent either way.
    if (state !== undefined) {
      const spent = await takeLoginState(state, deps);
      if (spent.ok) {
        Object.assign(trail, { kind: spent.value.kind, sp: spent.value.config.guard.spEntityId });
        if (spent.value.kind === 'sp' && spent.value.isPassive === true && PASSIVE_REFUSALS.includes(error)) return noPassiveAnswer(http, spent.value, settings, loadSecrets, deps);
      }
    }
    return { ok: false, error: mapEntraError(error, description, settings.callbackUrl) };
  }
  if (state === undefined) return fail('OIDC_STATE_MISSING');
  const login = await takeLoginState(state, deps);
  if (!login.ok) return login;
  const { config } = login.value;
  Object.assign(trail, { kind: login.value.kind, sp: config.guard.spEntityId, ...(login.value.connectionId !== undefined && { connection: login.value.connectionId }) });
  if (login.value.testTicket !== undefined) trail.testTicket = login.value.testTicket;
  if (!isSameBrowser(http, settings.callbackUrl, login.value.browserBindingHash)) return fail('OIDC_BROWSER_MISMATCH');
  if (code === undefined) return fail('OIDC_CODE_MISSING');

  const connection = connectionById(config, login.value.connectionId);
  if (connection === undefined) return fail('LOGIN_SETUP_CHANGED', 'the connection this sign-in started with is gone');
  const secrets = await loadSecrets(login.value.secretsVersion);
  if (!secrets.ok) return secrets;
  const credential = connection.id === PRIMARY_CONNECTION_ID ? secrets.value.clientCredential : secrets.value.connectionSecrets?.[connection.id];
  if (credential === undefined) return fail('LOGIN_NOT_CONFIGURED', `no client secret for the connection ${connection.id}`);
  // The key signs only for the settings it is bound to (a change of trust replaces the key).
  const boundTo = secrets.value.signingKeyBoundTo;
  if (boundTo !== undefined && fingerprintOf(config) !== boundTo) return fail('TRUST_BINDING_MISMATCH');
  const claims = await redeemCodeAt(
    providerOf(connection),
    {
      redirectUri: settings.callbackUrl,
      callbackParameters: { code, state, ...(iss !== undefined && { iss }) },
      state,
      nonce: login.value.nonce,
      codeVerifier: login.value.codeVerifier,
      credential,
    },
    deps,
  );
  if (!claims.ok) return claims;
  trail.authenticated = true;
  if (typeof claims.value.email === 'string') trail.email = claims.value.email.slice(0, 320);
  const fresh = provesFreshSignIn(claims.value, login.value);
  if (!fresh.ok) return fresh;
  // Each directory vouches only for its own domains: a token of one naming another's domain is refused.
  const subject = connection.kind === 'entra' ? subjectFromClaims(claims.value, connection.entra, { allowedDomains: connection.allowedDomains }) : subjectFromOidcClaims(claims.value, connection.oidc);
  if (!subject.ok) return subject;
  trail.email = subject.value.nameId;
  // The key that signs (or, for a test, would sign): the wizard verifies steps against today's key.
  trail.key = certificateKeyId(secrets.value.signingKey.certificateBase64);
  if (login.value.kind === 'test') {
    return ok({ test: passedResult(deps.clock.now(), subject.value, passedChecks(claims.value, config, subject.value)) });
  }

  const answer = answerSignIn(
    {
      serviceProvider: { entityId: config.guard.spEntityId, acsUrl: config.guard.acsUrl },
      ...(login.value.requestId !== undefined && { inResponseTo: login.value.requestId }),
      ...(login.value.relayState !== undefined && { relayState: login.value.relayState }),
    },
    subject.value,
    settings.identityProvider,
    secrets.value.signingKey,
    deps.clock.now(),
  );
  return answer.ok ? ok({ response: answer.value }) : answer;
}

/** The callback: Entra ID's answer in, the POST form to the saved ACS out (or an error page). */
export async function finishLogin(
  http: HttpRequest,
  settings: CallbackSettings,
  loadSecrets: SecretsLoader,
  deps: LoginDependencies,
): Promise<HttpResponse> {
  const trail: Trail = {};
  const result = await finish(http, settings, loadSecrets, deps, trail);
  const refusedWith = !result.ok ? result.error.code : 'response' in result.value ? result.value.refusedWith : undefined;
  const record: SignInRecord = {
    at: deps.clock.now().toISOString(),
    kind: trail.kind ?? 'sp',
    outcome: refusedWith === undefined ? 'signed-in' : 'refused',
    ...(refusedWith !== undefined && { code: refusedWith }),
    ...(trail.email !== undefined && { email: trail.email }),
    ...(trail.sp !== undefined && { sp: trail.sp }),
    ...(trail.connection !== undefined && { connection: trail.connection }),
    ...(trail.key !== undefined && refusedWith === undefined && { key: trail.key }),
  };
  // The trail must not decide the sign-in: a failing audit store is logged, not shown. Only
  // outcomes for an account Entra ID authenticated (and the admin's test sign-ins) are
  // listed; everything before that is a stranger's as easily as anyone's: counted apart.
  const listed = refusedWith === undefined || trail.authenticated === true || trail.testTicket !== undefined || record.code === 'ENTRA_PASSIVE_NOT_POSSIBLE';
  await (listed ? deps.audit.append(record) : deps.refusals.record(record.kind, refusedWith)).catch(() => deps.logger.warn('audit.unavailable'));
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
