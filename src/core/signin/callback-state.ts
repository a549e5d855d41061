import type { ReadRequest } from '../http/request';
import { fail, ok, type Result } from '../kernel/result';
import { storageFault } from '../kernel/storage-fault';
import { isSameBrowser } from './browser-binding';
import { connectionById, type Connection } from './connections';
import { isEarlierLoginState, isWellFormedState, loginStateKey, readLoginState, settingsDigestOf, type LoginState } from './login-state';
import type { LoginDependencies, LoginSettings, SettingsSource } from './login-settings';

/**
 * What a callback must prove before its login state is spent: the state is readable and
 * live, the browser is the one that started the sign-in, and the answer arrived at the
 * Redirect URI of the connection the sign-in was sent to (RFC 9700 §4.4.2: a code one
 * directory's page sent elsewhere never reaches any token endpoint).
 */
function judge(raw: unknown, arrivedAt: string, http: ReadRequest, callbackUrl: string, now: number): Result<LoginState> {
  const record = readLoginState(raw);
  if (record === undefined) return isEarlierLoginState(raw) ? fail('LOGIN_SETUP_CHANGED', 'the sign-in started before the bridge was upgraded') : fail('OIDC_STATE_UNKNOWN', 'the saved login state is not readable');
  if (record.expiresAt <= now) return fail('OIDC_STATE_EXPIRED');
  if (!isSameBrowser(http, callbackUrl, record.browserBindingHash)) return fail('OIDC_BROWSER_MISMATCH');
  // No detail: the page is public, and names no directory.
  if (record.connectionId !== arrivedAt) return fail('OIDC_CONNECTION_MISMATCH');
  return ok(record);
}

/**
 * Takes the login state once, and only after judging it: whoever learns a victim's `state`
 * but is not their browser (or answers at another directory's address) cannot spend it. A
 * second take of the same state is a replay.
 */
export async function admitLoginState(state: string, arrivedAt: string, http: ReadRequest, callbackUrl: string, deps: LoginDependencies): Promise<Result<LoginState>> {
  if (!isWellFormedState(state)) return fail('OIDC_STATE_UNKNOWN');
  const now = deps.clock.now().getTime();
  let taken;
  try {
    taken = await deps.store.take(loginStateKey(state), (raw) => judge(raw, arrivedAt, http, callbackUrl, now).ok);
  } catch (error) {
    return storageFault(error, 'the login state could not be read');
  }
  switch (taken.status) {
    case 'used':
      return fail('OIDC_STATE_REPLAYED');
    case 'absent':
      return fail('OIDC_STATE_UNKNOWN');
    case 'kept':
    case 'taken':
      return judge(taken.value, arrivedAt, http, callbackUrl, now);
  }
}

/** The settings a sign-in finishes under, and its connection in them. */
export interface SignInSettings {
  readonly settings: LoginSettings;
  readonly connection: Connection;
}

function matching(settings: LoginSettings, login: LoginState): SignInSettings | undefined {
  const connection = connectionById(settings.config, login.connectionId);
  return connection !== undefined && settingsDigestOf(settings.config, connection) === login.settingsDigest ? { settings, connection } : undefined;
}

/**
 * The settings in force, if they are the ones the sign-in started under. Another process may
 * have started it under settings saved since this one cached its own: read them afresh once
 * before calling the setup changed.
 */
export async function settingsFor(login: LoginState, current: SettingsSource): Promise<Result<SignInSettings>> {
  const cached = await current();
  // A storage fault is the answer: reading again would only wait twice.
  if (!cached.ok) return cached;
  const found = matching(cached.value, login);
  if (found !== undefined) return ok(found);
  const fresh = await current({ fresh: true });
  if (!fresh.ok) return fresh;
  const refound = matching(fresh.value, login);
  return refound === undefined ? fail('LOGIN_SETUP_CHANGED', 'the settings this sign-in started under are no longer in force') : ok(refound);
}
