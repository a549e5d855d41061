import { singleParameter, type Parameters } from '../http/parameters';
import type { ReadRequest } from '../http/request';
import type { HttpResponse } from '../http/types';
import type { ErrorCode } from '../errors/catalogue';
import { fail, ok, type Result } from '../kernel/result';
import { vouchForEntraAccount } from '../oidc/claims';
import { checkResponseIssuer, redeemCodeAt } from '../oidc/relying-party';
import { mapEntraError } from '../oidc/entra-error-mapping';
import { vouchForOidcAccount } from '../oidc/provider-claims';
import { answerSignIn, answerWithStatus } from '../saml/answer';
import { STATUS } from '../saml/constants';
import { certificateKeyId } from '../saml/signing-identity';
import { fingerprintOf } from '../setup/trust';
import { admitLoginState, settingsFor } from './callback-state';
import { credentialFor } from './connection-credential';
import { connectionIdOfCallbackPath, providerOf, redirectUriOf } from './connections';
import type { LoginState } from './login-state';
import { newRefusalReference, respond } from './respond';
import type { CallbackSettings, LoginDependencies, LoginSecrets, SecretsLoader } from './login-settings';
import { answerTargetOf, auditRecordOf, credentialPresented, isListed, type SignInCallback } from './sign-in';
import { failedResult, passedResult, saveTestResult, testResultPage, type TestSignInResult } from './test-sign-in';

/** Entra's form_post answer is a code, a state and a session_state: a few KiB at most. */
const MAX_CALLBACK_BODY_BYTES = 16 * 1024;

/** What the directory answered: its parameters, each at most once. */
interface DirectoryAnswer {
  readonly state?: string;
  readonly code?: string;
  readonly error?: string;
  readonly error_description?: string;
  readonly iss?: string;
}

function answerParameters(request: ReadRequest): Result<Parameters> {
  switch (request.method) {
    case 'GET':
      return ok(request.query);
    case 'POST': {
      if (request.bodyBytes > MAX_CALLBACK_BODY_BYTES) return fail('HTTP_BODY_TOO_LARGE');
      const form = request.form;
      return form === undefined ? fail('HTTP_FORM_EXPECTED') : ok(form);
    }
    default:
      return fail('HTTP_METHOD_NOT_ALLOWED', 'the callback accepts GET and POST (form_post)');
  }
}

function readAnswer(request: ReadRequest): Result<DirectoryAnswer> {
  const parameters = answerParameters(request);
  if (!parameters.ok) return parameters;
  const answer: Record<string, string> = {};
  for (const name of ['state', 'code', 'error', 'error_description', 'iss'] as const) {
    const value = singleParameter(parameters.value, name);
    if (!value.ok) return value;
    if (value.value !== undefined) answer[name] = value.value;
  }
  return ok(answer);
}

/**
 * A real sign-in ends in the POST form to the ACS (with a refusal code for the trail when it
 * carries a status instead of an assertion); a test sign-in in a report.
 */
type Outcome = { readonly response: HttpResponse; readonly refusedWith?: ErrorCode } | { readonly test: TestSignInResult };

/** The callback's steps end in an outcome or a refusal, with the sign-in as far as it got. */
type Finished = { readonly signIn: SignInCallback; readonly result: Result<Outcome> };

/** Entra's answers to prompt=none when the person would have to act (OIDC Core §3.1.2.6). */
const PASSIVE_REFUSALS: readonly string[] = ['login_required', 'interaction_required', 'consent_required', 'account_selection_required'];

/**
 * How far Entra's clock may be behind ours when it reports auth_time. A forced sign-in
 * whose auth_time is older than the start of the sign-in by more than this reused a session.
 */
export const AUTH_TIME_SKEW_MS = 15_000;

/** ForceAuthn: the ID token must prove a sign-in after this one started; its auth_time when it does. */
function provesFreshSignIn(signIn: SignInCallback & { login: LoginState }): Result<number | undefined> {
  if (!signIn.login.forceAuthn) return ok(undefined);
  const authTime = signIn.claims?.auth_time;
  if (typeof authTime !== 'number') return fail('OIDC_AUTH_TIME_MISSING');
  return authTime * 1000 < signIn.login.startedAt - AUTH_TIME_SKEW_MS ? fail('OIDC_REAUTHENTICATION_MISSING') : ok(authTime);
}

/**
 * The directory ended the sign-in with an error; its state is spent, if this browser may
 * spend it. IsPassive: Entra could not sign the person in without asking, and SAML wants a
 * Response all the same: a signed status (Responder / NoPassive) to the saved ACS.
 */
async function directoryError(signIn: SignInCallback & { arrivedAt: string }, answer: DirectoryAnswer & { error: string }, settings: CallbackSettings, loadSecrets: SecretsLoader, deps: LoginDependencies): Promise<Finished> {
  const refused = { ok: false as const, error: mapEntraError(answer.error, answer.error_description, redirectUriOf(signIn.arrivedAt, settings.callbackUrl)) };
  if (answer.state === undefined) return { signIn, result: refused };
  const login = await admitLoginState(answer.state, signIn.arrivedAt, signIn.request, settings.callbackUrl, deps);
  if (!login.ok) return { signIn, result: refused };
  const spent = { ...signIn, login: login.value };
  if (login.value.kind !== 'sp' || login.value.isPassive !== true || !PASSIVE_REFUSALS.includes(answer.error)) return { signIn: spent, result: refused };
  const current = await settingsFor(login.value, settings.current);
  if (!current.ok) return { signIn: spent, result: current };
  const secrets = await loadSecrets(login.value.secretsVersion);
  if (!secrets.ok) return { signIn: { ...spent, settings: current.value }, result: secrets };
  const response = answerWithStatus(answerTargetOf(current.value.settings.config, login.value.requestId, login.value.relayState), { code: STATUS.responder, subCode: STATUS.noPassive }, settings.identityProvider, secrets.value.signingKey, deps.clock.now());
  return { signIn: { ...spent, settings: current.value }, result: ok({ response, refusedWith: 'ENTRA_PASSIVE_NOT_POSSIBLE' }) };
}

async function finish(request: ReadRequest, settings: CallbackSettings, loadSecrets: SecretsLoader, deps: LoginDependencies): Promise<Finished> {
  let signIn: SignInCallback = { request };
  const end = (result: Result<Outcome>): Finished => ({ signIn, result });
  const answer = readAnswer(request);
  if (!answer.ok) return end(answer);
  // Which directory's Redirect URI this is: the login state must name the same one.
  const arrivedAt = connectionIdOfCallbackPath(request.pathSuffix);
  if (arrivedAt === undefined) return end(fail('OIDC_REDIRECT_URI_UNKNOWN'));
  signIn = { ...signIn, arrivedAt };
  const { state, code, error, iss } = answer.value;
  if (error !== undefined) return directoryError({ ...signIn, arrivedAt }, { ...answer.value, error }, settings, loadSecrets, deps);
  if (state === undefined) return end(fail('OIDC_STATE_MISSING'));
  if (code === undefined) return end(fail('OIDC_CODE_MISSING'));

  const login = await admitLoginState(state, arrivedAt, request, settings.callbackUrl, deps);
  if (!login.ok) return end(login);
  signIn = { ...signIn, login: login.value };
  const current = await settingsFor(login.value, settings.current);
  if (!current.ok) return end(current);
  signIn = { ...signIn, settings: current.value };
  const { config } = current.value.settings;
  const { connection } = current.value;
  // RFC 9207 where the directory offers it: checked before the code goes anywhere.
  const issuer = await checkResponseIssuer(providerOf(connection), iss, deps);
  if (!issuer.ok) return end(issuer);
  signIn = { ...signIn, responseIssuer: issuer.value };
  const secrets = await loadSecrets(login.value.secretsVersion);
  if (!secrets.ok) return end(secrets);
  const credential = credentialFor(connection, secrets.value);
  if (!credential.ok) return end(credential);
  // The key signs only for the settings it is bound to (a change of trust replaces the key).
  const boundTo = secrets.value.signingKeyBoundTo;
  if (boundTo !== undefined && fingerprintOf(config) !== boundTo) return end(fail('TRUST_BINDING_MISMATCH'));
  signIn = { ...signIn, credential: credentialPresented(credential.value), ...(boundTo !== undefined && { boundTo }) };
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
  if (!claims.ok) return end(claims);
  const { claims: verified, ...idToken } = claims.value;
  signIn = { ...signIn, claims: verified, idToken };
  // Each directory vouches only for its own domains: a token of one naming another's domain is
  // refused. Who it is comes first: every later refusal is then of a person the directory vouched for.
  const vouched = connection.kind === 'entra' ? vouchForEntraAccount(verified, connection.entra, { allowedDomains: connection.allowedDomains }) : vouchForOidcAccount(verified, connection.oidc);
  if (!vouched.ok) return end(vouched);
  signIn = { ...signIn, subject: vouched.value.subject, vouchedBy: vouched.value.rules };
  const fresh = provesFreshSignIn({ ...signIn, login: login.value });
  if (!fresh.ok) return end(fresh);
  if (fresh.value !== undefined) signIn = { ...signIn, reauthenticatedAt: fresh.value };
  // The key that signs (or, for a test, would sign): the wizard verifies steps against today's key.
  signIn = { ...signIn, key: certificateKeyId(secrets.value.signingKey.certificateBase64) };
  return end(outcomeOf(login.value, signIn, secrets.value, settings, deps));
}

/** A test sign-in ends in its report; a real one in the signed Response for the saved ACS. */
function outcomeOf(login: LoginState, signIn: SignInCallback, secrets: LoginSecrets, settings: CallbackSettings, deps: LoginDependencies): Result<Outcome> {
  const { subject } = signIn;
  const config = signIn.settings?.settings.config;
  if (subject === undefined || config === undefined) return fail('TEST_TICKET_INVALID');
  if (login.kind === 'test') return ok({ test: passedResult(deps.clock.now(), { ...signIn, subject }, settings.callbackUrl) });
  const answer = answerSignIn(answerTargetOf(config, login.requestId, login.relayState), subject, settings.identityProvider, secrets.signingKey, deps.clock.now());
  return answer.ok ? ok({ response: answer.value }) : answer;
}

/** The callback: the directory's answer in, the POST form to the saved ACS out (or an error page). */
export async function finishLogin(request: ReadRequest, settings: CallbackSettings, loadSecrets: SecretsLoader, deps: LoginDependencies): Promise<HttpResponse> {
  const { signIn, result } = await finish(request, settings, loadSecrets, deps);
  const refusedWith = !result.ok ? result.error.code : 'response' in result.value ? result.value.refusedWith : undefined;
  const at = deps.clock.now();
  // A refusal's reference, shared by its page, its log line and its trail record.
  const reference = result.ok ? undefined : newRefusalReference();
  const record = { ...auditRecordOf(signIn, refusedWith, at), ...(reference !== undefined && { reference }) };
  // The trail must not decide the sign-in: a failing audit store is logged, not shown.
  const kept = refusedWith === undefined || isListed(signIn, refusedWith) ? deps.audit.append(record) : deps.refusals.record(record.kind, refusedWith);
  await kept.catch(() => deps.logger.warn('audit.unavailable'));
  const testTicket = signIn.login?.testTicket;
  if (testTicket !== undefined) {
    // A test sign-in ends in a report for the wizard, whatever its outcome; never a Response.
    const report = !result.ok ? failedResult(deps.clock.now(), result.error, signIn, settings.callbackUrl) : 'test' in result.value ? result.value.test : failedResult(deps.clock.now(), { code: 'TEST_TICKET_INVALID' });
    await saveTestResult(deps.store, testTicket, report);
    return testResultPage(report);
  }
  if (!result.ok) return respond(result, deps.logger, at, reference);
  if ('response' in result.value) return result.value.response;
  // A test outcome with no ticket to report it under: refused, and nothing is sent.
  return respond(fail('TEST_TICKET_INVALID'), deps.logger, at);
}
