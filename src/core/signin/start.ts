import * as client from 'openid-client';
import { singleParameter } from '../http/parameters';
import { redirectResponse } from '../http/redirect';
import type { HttpRequest, HttpResponse } from '../http/types';
import { fail, ok, type Result } from '../kernel/result';
import { storageFault } from '../kernel/storage-fault';
import { receiveAuthnRequest } from '../saml/authn-request/receive';
import { bindBrowser } from './browser-binding';
import { authorizationUrlFor } from '../oidc/entra-client';
import { connectionById, connectionsOf, providerOf, redirectUriOf, type Connection } from './connections';
import { carriedParameters, homeRealmPage, rememberDirectoryCookie, routeSignIn, type Route } from './home-realm';
import { landingTarget } from './idp-initiated-target';
import { LOGIN_STATE_TTL_SECONDS, MAX_LOGIN_STATE_BYTES, loginStateKey, settingsDigestOf, type LoginState } from './login-state';
import { respond } from './respond';
import { failedResult, isWellFormedTicket, saveTestResult, testTicketKey } from './test-sign-in';
import type { LoginDependencies, LoginSettings, SecretsLoader } from './settings';
import { canMeet } from '../saml/authn-request/authn-context';
import { STATUS } from '../saml/constants';
import type { Clock } from '../kernel/ports';
import { RateBudget } from '../kernel/rate-budget';

/** What a sign-in is started for: an AuthnRequest's essentials, or an IdP-initiated landing target. */
interface SignInIntent {
  readonly kind: LoginState['kind'];
  readonly testTicket?: string;
  readonly requestId?: string;
  readonly relayState?: string;
  readonly forceAuthn: boolean;
  readonly isPassive?: boolean;
  readonly loginHint?: string;
  readonly connection?: Connection;
}

/**
 * Saves the login state under a fresh `state` and sends the browser to the connection's
 * directory. The state is saved only once the authorization URL is known, so a failed
 * discovery leaves nothing; it holds no settings, only their digest, so what a stranger's
 * start writes is bounded whatever the configuration (MAX_LOGIN_STATE_BYTES).
 */
async function redirectToEntra(
  http: HttpRequest,
  intent: SignInIntent,
  settings: LoginSettings,
  deps: LoginDependencies,
): Promise<Result<HttpResponse>> {
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const browser = bindBrowser(http, settings.callbackUrl);
  const connection = intent.connection ?? connectionsOf(settings.config)[0];
  if (connection === undefined) return fail('LOGIN_NOT_CONFIGURED');
  const url = await authorizationUrlFor(
    providerOf(connection),
    {
      redirectUri: redirectUriOf(connection.id, settings.callbackUrl),
      state,
      nonce,
      codeVerifier,
      forceAuthn: intent.forceAuthn,
      ...(intent.isPassive === true && { isPassive: true }),
      ...(intent.loginHint !== undefined && { loginHint: intent.loginHint }),
    },
    deps,
  );
  if (!url.ok) return url;

  const record: LoginState = {
    version: 2,
    kind: intent.kind,
    connectionId: connection.id,
    settingsDigest: settingsDigestOf(settings.config, connection),
    secretsVersion: settings.secretsVersion,
    forceAuthn: intent.forceAuthn,
    ...(intent.isPassive === true && { isPassive: true }),
    startedAt: deps.clock.now().getTime(),
    codeVerifier,
    nonce,
    browserBindingHash: browser.hash,
    expiresAt: deps.clock.now().getTime() + LOGIN_STATE_TTL_SECONDS * 1000,
    ...(intent.requestId !== undefined && { requestId: intent.requestId }),
    ...(intent.testTicket !== undefined && { testTicket: intent.testTicket }),
    ...(intent.relayState !== undefined && { relayState: intent.relayState }),
  };
  // Cannot happen with the bounded inputs above; checked so that it stays so.
  if (Buffer.byteLength(JSON.stringify(record), 'utf8') > MAX_LOGIN_STATE_BYTES) return fail('LOGIN_STATE_TOO_LARGE');
  try {
    await deps.store.put(loginStateKey(state), record, LOGIN_STATE_TTL_SECONDS);
  } catch (error) {
    return storageFault(error, 'the login state could not be saved');
  }
  deps.logger.info('login.started', { kind: intent.kind });
  return ok(redirectResponse(url.value.href, browser.setCookie));
}

/** The page for a start step; a refusal is also kept in the sign-in trail. */
async function answer(
  result: Result<HttpResponse>,
  kind: LoginState['kind'],
  settings: LoginSettings,
  deps: LoginDependencies,
): Promise<HttpResponse> {
  // Nobody has authenticated at the start: a refusal is counted, not listed (see refusals.ts).
  if (!result.ok) await deps.refusals.record(kind, result.error.code).catch(() => deps.logger.warn('audit.unavailable'));
  return respond(result, deps.logger);
}

function serviceProviderOf(settings: LoginSettings) {
  return { entityId: settings.config.guard.spEntityId, acsUrl: settings.config.guard.acsUrl };
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
async function noAuthnContextAnswer(
  target: { inResponseTo: string; relayState: string | undefined },
  settings: LoginSettings,
  answers: StatusAnswers,
  deps: LoginDependencies,
): Promise<HttpResponse> {
  if (!answers.budget.take()) return answer(fail('SAML_AUTHN_CONTEXT_UNSUPPORTED', 'too many such requests just now: no signed answer'), 'sp', settings, deps);
  const secrets = await answers.loadSecrets(settings.secretsVersion);
  if (!secrets.ok) return answer(secrets, 'sp', settings, deps);
  await answer(fail('SAML_AUTHN_CONTEXT_UNSUPPORTED'), 'sp', settings, deps);
  // Rare, and the only signing an SSO start does: the signing code loads only when needed,
  // so the SSO function's cold start never pays for it.
  const { answerWithStatus } = await import('../saml/answer');
  return answerWithStatus(
    { serviceProvider: serviceProviderOf(settings), inResponseTo: target.inResponseTo, ...(target.relayState !== undefined && { relayState: target.relayState }) },
    { code: STATUS.requester, subCode: STATUS.noAuthnContext },
    settings.identityProvider,
    secrets.value.signingKey,
    deps.clock.now(),
  );
}

/** A directory chosen on the discovery page is remembered for the browser session. */
function remembering(result: Result<HttpResponse>, route: Route, settings: LoginSettings): Result<HttpResponse> {
  if (!result.ok || !route.chosenOnPage) return result;
  return ok({ ...result.value, moreCookies: [...(result.value.moreCookies ?? []), rememberDirectoryCookie(route.connection, settings.callbackUrl)] });
}

/**
 * The SSO URL: Guard's AuthnRequest in, a redirect to Entra ID out (or an error page).
 * `answers` is needed only to answer a RequestedAuthnContext the bridge cannot meet.
 */
export async function startLogin(http: HttpRequest, settings: LoginSettings, deps: LoginDependencies, answers?: StatusAnswers): Promise<HttpResponse> {
  const received = receiveAuthnRequest(http, serviceProviderOf(settings), settings.identityProvider, deps.clock.now());
  if (!received.ok) return answer(received, 'sp', settings, deps);
  const { request, relayState } = received.value;
  if (!canMeet(request.requestedAuthnContext)) {
    if (answers === undefined) return answer(fail('SAML_AUTHN_CONTEXT_UNSUPPORTED'), 'sp', settings, deps);
    return noAuthnContextAnswer({ inResponseTo: request.id, relayState }, settings, answers, deps);
  }
  // Several directories: Guard's Subject (the email the person typed at Atlassian) or the
  // discovery page picks the one; with neither, the page asks.
  const route = routeSignIn(http, settings.config, request.subjectNameId, settings.callbackUrl);
  if (!route.ok) return answer(route, 'sp', settings, deps);
  if (route.value === undefined) return homeRealmPage(settings.identityProvider.ssoUrl, 'post', carriedParameters(http, ['SAMLRequest', 'RelayState']));
  const intent: SignInIntent = {
    kind: 'sp',
    requestId: request.id,
    forceAuthn: request.forceAuthn,
    isPassive: request.isPassive,
    ...(relayState !== undefined && { relayState }),
    ...(request.subjectNameId !== undefined && { loginHint: request.subjectNameId }),
    connection: route.value.connection,
  };
  return answer(remembering(await redirectToEntra(http, intent, settings, deps), route.value, settings), 'sp', settings, deps);
}

/** A test ticket from the wizard is good for one test sign-in. */
async function takeTestTicket(ticket: string, deps: LoginDependencies): Promise<Result<{ ticket: string; connection?: string }>> {
  if (!isWellFormedTicket(ticket)) return fail('TEST_TICKET_INVALID');
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

/**
 * IdP-initiated sign-in: `GET ?RelayState=<Atlassian URL>`, no AuthnRequest. With
 * `?test=<ticket>` (from the wizard) it is a test sign-in, which sends nothing to Guard.
 */
export async function startIdpInitiatedLogin(
  http: HttpRequest,
  settings: LoginSettings,
  deps: LoginDependencies,
): Promise<HttpResponse> {
  if (http.method.toUpperCase() !== 'GET') return answer(fail('HTTP_METHOD_NOT_ALLOWED'), 'idp', settings, deps);
  const test = singleParameter(http.query, 'test');
  if (!test.ok) return answer(test, 'test', settings, deps);
  if (test.value !== undefined) {
    const ticket = await takeTestTicket(test.value, deps);
    if (!ticket.ok) return answer(ticket, 'test', settings, deps);
    const connection = connectionById(settings.config, ticket.value.connection);
    const started = connection === undefined ? fail('TEST_TICKET_INVALID', 'the connection to test is gone') : await redirectToEntra(http, { kind: 'test', testTicket: ticket.value.ticket, forceAuthn: true, connection }, settings, deps);
    // The wizard waits for this ticket's report: a test that cannot even start (tenant not
    // found, Entra ID unreachable) says so there, not only in the sign-in trail.
    if (!started.ok) await saveTestResult(deps.store, ticket.value.ticket, failedResult(deps.clock.now(), started.error));
    return answer(started, 'test', settings, deps);
  }
  const relayState = singleParameter(http.query, 'RelayState');
  if (!relayState.ok) return answer(relayState, 'idp', settings, deps);
  const target = relayState.value === undefined ? undefined : landingTarget(relayState.value);
  if (relayState.value !== undefined && target === undefined) return answer(fail('LOGIN_TARGET_INVALID'), 'idp', settings, deps);
  const route = routeSignIn(http, settings.config, undefined, settings.callbackUrl);
  if (!route.ok) return answer(route, 'idp', settings, deps);
  // The page asks again at this very address (action ""), carrying the landing target.
  if (route.value === undefined) return homeRealmPage('', 'get', { RelayState: target });
  const intent: SignInIntent = {
    kind: 'idp',
    forceAuthn: false,
    ...(target !== undefined && { relayState: target }),
    connection: route.value.connection,
  };
  return answer(remembering(await redirectToEntra(http, intent, settings, deps), route.value, settings), 'idp', settings, deps);
}
