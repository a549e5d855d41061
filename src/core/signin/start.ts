import * as client from 'openid-client';
import { redirectResponse } from '../http/redirect';
import type { ReadRequest } from '../http/request';
import type { HttpResponse } from '../http/types';
import type { Clock } from '../kernel/ports';
import { RateBudget } from '../kernel/rate-budget';
import { fail, ok, type Result } from '../kernel/result';
import { storageFault } from '../kernel/storage-fault';
import { authorizationUrlFor } from '../oidc/relying-party';
import { canMeet } from '../saml/authn-request/authn-context';
import { receiveAuthnRequest } from '../saml/authn-request/receive';
import { STATUS } from '../saml/constants';
import { bindBrowser } from './browser-binding';
import { connectionById, connectionsOf, providerOf, redirectUriOf, type Connection } from './connections';
import { carriedParameters, homeRealmPage, rememberDirectoryCookie, routeSignIn } from './home-realm';
import { landingTarget } from './idp-initiated-target';
import { LOGIN_STATE_TTL_SECONDS, MAX_LOGIN_STATE_BYTES, loginStateKey, settingsDigestOf, type LoginState } from './login-state';
import { respond } from './respond';
import type { LoginDependencies, LoginSettings, SecretsLoader } from './login-settings';
import { answerTargetOf, serviceProviderOf, type SignInStart } from './sign-in';
import { isToken } from '../kernel/token';
import { failedResult, saveTestResult, testTicketKey } from './test-sign-in';

/** The login state of a sign-in sent to `connection`: what the callback needs, never settings. */
function loginStateOf(signIn: SignInStart, connection: Connection, secrets: { state: string; nonce: string; codeVerifier: string; browserBindingHash: string }, settings: LoginSettings, now: number): LoginState {
  return {
    version: 2,
    kind: signIn.kind,
    connectionId: connection.id,
    settingsDigest: settingsDigestOf(settings.config, connection),
    secretsVersion: settings.secretsVersion,
    forceAuthn: signIn.forceAuthn,
    ...(signIn.isPassive === true && { isPassive: true }),
    startedAt: now,
    codeVerifier: secrets.codeVerifier,
    nonce: secrets.nonce,
    browserBindingHash: secrets.browserBindingHash,
    expiresAt: now + LOGIN_STATE_TTL_SECONDS * 1000,
    ...(signIn.authnRequest !== undefined && { requestId: signIn.authnRequest.id }),
    ...(signIn.testTicket !== undefined && { testTicket: signIn.testTicket }),
    ...(signIn.relayState !== undefined && { relayState: signIn.relayState }),
  };
}

/**
 * The authorize step: saves the login state under a fresh `state` and sends the browser to
 * the connection's directory. The state is saved only once the authorization URL is known, so
 * a failed discovery leaves nothing; it holds no settings, only their digest, so what a
 * stranger's start writes is bounded whatever the configuration (MAX_LOGIN_STATE_BYTES).
 */
async function authorize(signIn: SignInStart, settings: LoginSettings, deps: LoginDependencies): Promise<Result<HttpResponse>> {
  const connection = signIn.route?.connection ?? connectionsOf(settings.config)[0];
  if (connection === undefined) return fail('LOGIN_NOT_CONFIGURED');
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const browser = bindBrowser(signIn.request, settings.callbackUrl);
  const url = await authorizationUrlFor(
    providerOf(connection),
    {
      redirectUri: redirectUriOf(connection.id, settings.callbackUrl),
      state,
      nonce,
      codeVerifier,
      forceAuthn: signIn.forceAuthn,
      ...(signIn.isPassive === true && { isPassive: true }),
      ...(signIn.loginHint !== undefined && { loginHint: signIn.loginHint }),
    },
    deps,
  );
  if (!url.ok) return url;
  const record = loginStateOf(signIn, connection, { state, nonce, codeVerifier, browserBindingHash: browser.hash }, settings, deps.clock.now().getTime());
  // Cannot happen with the bounded inputs above; checked so that it stays so.
  if (Buffer.byteLength(JSON.stringify(record), 'utf8') > MAX_LOGIN_STATE_BYTES) return fail('LOGIN_STATE_TOO_LARGE');
  try {
    await deps.store.put(loginStateKey(state), record, LOGIN_STATE_TTL_SECONDS);
  } catch (error) {
    return storageFault(error, 'the login state could not be saved');
  }
  deps.logger.info('login.started', { kind: signIn.kind });
  const cookies = signIn.route?.chosenOnPage === true ? [rememberDirectoryCookie(connection, settings.callbackUrl)] : [];
  const response = redirectResponse(url.value.href, browser.setCookie);
  return ok(cookies.length === 0 ? response : { ...response, moreCookies: [...(response.moreCookies ?? []), ...cookies] });
}

/** The page for a start step; a refusal is counted (nobody has authenticated at the start: see refusals.ts). */
async function answer(result: Result<HttpResponse>, signIn: Pick<SignInStart, 'kind'>, deps: LoginDependencies): Promise<HttpResponse> {
  if (!result.ok) await deps.refusals.record(signIn.kind, result.error.code).catch(() => deps.logger.warn('audit.unavailable'));
  return respond(result, deps.logger, deps.clock.now());
}

/** What the SSO start needs to answer an AuthnRequest with a signed status instead of a sign-in. */
export interface StatusAnswers {
  readonly loadSecrets: SecretsLoader;
  /** Signatures for strangers: an AuthnRequest costs no one else an RSA signature past this budget. */
  readonly budget: RateBudget;
}

/** Signed status answers to unmeetable AuthnRequests, per set of handlers: 5 a second, bursts of 20. */
export function statusAnswerBudget(clock: Clock): RateBudget {
  return new RateBudget(clock, 5, 20);
}

/**
 * A RequestedAuthnContext the bridge cannot meet: SAML wants a signed Response with status
 * Requester / NoAuthnContext at the ACS, not an error page, and never an assertion. Anyone
 * can send such a request, and each answer is an RSA signature: past the budget, the page.
 */
async function noAuthnContextAnswer(signIn: SignInStart & { authnRequest: NonNullable<SignInStart['authnRequest']> }, settings: LoginSettings, answers: StatusAnswers, deps: LoginDependencies): Promise<HttpResponse> {
  if (!answers.budget.take()) return answer(fail('SAML_AUTHN_CONTEXT_UNSUPPORTED', 'too many such requests just now: no signed answer'), signIn, deps);
  const secrets = await answers.loadSecrets(settings.secretsVersion);
  if (!secrets.ok) return answer(secrets, signIn, deps);
  await answer(fail('SAML_AUTHN_CONTEXT_UNSUPPORTED'), signIn, deps);
  // Rare, and the only signing an SSO start does: the signing code loads only when needed,
  // so the SSO function's cold start never pays for it.
  const { answerWithStatus } = await import('../saml/answer');
  return answerWithStatus(
    answerTargetOf(settings.config, signIn.authnRequest.id, signIn.relayState),
    { code: STATUS.requester, subCode: STATUS.noAuthnContext },
    settings.identityProvider,
    secrets.value.signingKey,
    deps.clock.now(),
  );
}

/**
 * The SSO URL: Guard's AuthnRequest in, a redirect to its directory out (or an error page).
 * `answers` is needed only to answer a RequestedAuthnContext the bridge cannot meet.
 */
export async function startLogin(request: ReadRequest, settings: LoginSettings, deps: LoginDependencies, answers?: StatusAnswers): Promise<HttpResponse> {
  const start = { kind: 'sp' } as const;
  const received = receiveAuthnRequest(request, serviceProviderOf(settings.config), settings.identityProvider, deps.clock.now());
  if (!received.ok) return answer(received, start, deps);
  const { request: authnRequest, relayState } = received.value;
  const signIn: SignInStart & { authnRequest: typeof authnRequest } = {
    kind: 'sp',
    request,
    authnRequest,
    forceAuthn: authnRequest.forceAuthn,
    isPassive: authnRequest.isPassive,
    ...(relayState !== undefined && { relayState }),
    ...(authnRequest.subjectNameId !== undefined && { loginHint: authnRequest.subjectNameId }),
  };
  if (!canMeet(authnRequest.requestedAuthnContext)) {
    if (answers === undefined) return answer(fail('SAML_AUTHN_CONTEXT_UNSUPPORTED'), signIn, deps);
    return noAuthnContextAnswer(signIn, settings, answers, deps);
  }
  // Several directories: Guard's Subject (the email the person typed at Atlassian) or the
  // discovery page picks the one; with neither, the page asks.
  const route = routeSignIn(request, settings.config, signIn.loginHint, settings.callbackUrl);
  if (!route.ok) return answer(route, signIn, deps);
  if (route.value === undefined) return homeRealmPage(settings.identityProvider.ssoUrl, 'post', carriedParameters(request, ['SAMLRequest', 'RelayState']));
  return answer(await authorize({ ...signIn, route: route.value }, settings, deps), signIn, deps);
}

/** A test ticket from the wizard is good for one test sign-in. */
async function takeTestTicket(ticket: string, deps: LoginDependencies): Promise<Result<{ ticket: string; connection?: string }>> {
  if (!isToken(ticket)) return fail('TEST_TICKET_INVALID');
  try {
    const taken = await deps.store.take(testTicketKey(ticket));
    if (taken.status !== 'taken') return fail('TEST_TICKET_INVALID');
    // The wizard may have picked a directory to test; otherwise the first.
    const connection = (taken.value as { connection?: unknown } | null)?.connection;
    return ok({ ticket, ...(typeof connection === 'string' && { connection }) });
  } catch (error) {
    return storageFault(error, 'the test ticket could not be read');
  }
}

/** The wizard's test sign-in: its ticket taken once, its directory, and a report whatever happens. */
async function startTestSignIn(request: ReadRequest, ticketText: string, settings: LoginSettings, deps: LoginDependencies): Promise<HttpResponse> {
  const kind = { kind: 'test' } as const;
  const ticket = await takeTestTicket(ticketText, deps);
  if (!ticket.ok) return answer(ticket, kind, deps);
  const connection = connectionById(settings.config, ticket.value.connection);
  const started =
    connection === undefined
      ? fail('TEST_TICKET_INVALID', 'the connection to test is gone')
      : await authorize({ kind: 'test', request, testTicket: ticket.value.ticket, forceAuthn: true, route: { connection, chosenOnPage: false } }, settings, deps);
  // The wizard waits for this ticket's report: a test that cannot even start (tenant not
  // found, Entra ID unreachable) says so there, not only in the refusal counts.
  if (!started.ok) await saveTestResult(deps.store, ticket.value.ticket, failedResult(deps.clock.now(), started.error));
  return answer(started, kind, deps);
}

/**
 * IdP-initiated sign-in: `GET ?RelayState=<Atlassian URL>`, no AuthnRequest. With
 * `?test=<ticket>` (from the wizard) it is a test sign-in, which sends nothing to Guard.
 */
export async function startIdpInitiatedLogin(request: ReadRequest, settings: LoginSettings, deps: LoginDependencies): Promise<HttpResponse> {
  const idp = { kind: 'idp' } as const;
  if (request.method !== 'GET') return answer(fail('HTTP_METHOD_NOT_ALLOWED'), idp, deps);
  const test = request.queryParameter('test');
  if (!test.ok) return answer(test, { kind: 'test' }, deps);
  if (test.value !== undefined) return startTestSignIn(request, test.value, settings, deps);
  const relayState = request.queryParameter('RelayState');
  if (!relayState.ok) return answer(relayState, idp, deps);
  const target = relayState.value === undefined ? undefined : landingTarget(relayState.value);
  if (relayState.value !== undefined && target === undefined) return answer(fail('LOGIN_TARGET_INVALID'), idp, deps);
  const route = routeSignIn(request, settings.config, undefined, settings.callbackUrl);
  if (!route.ok) return answer(route, idp, deps);
  // The page asks again at this very address (action ""), carrying the landing target.
  if (route.value === undefined) return homeRealmPage('', 'get', { RelayState: target });
  const signIn: SignInStart = { kind: 'idp', request, forceAuthn: false, route: route.value, ...(target !== undefined && { relayState: target }) };
  return answer(await authorize(signIn, settings, deps), signIn, deps);
}
