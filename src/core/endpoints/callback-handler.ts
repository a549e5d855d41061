import { readRequest } from '../http/request';
import type { HttpRequest, HttpResponse } from '../http/types';
import { finishLogin } from '../signin/finish';
import { identityProviderOf } from '../setup/settings-loader';
import type { BridgeDependencies, SettingsCache } from './settings-cache';

/** GET or POST (form_post): a directory's answer, at the callback URL or a connection's path under it. */
export function createCallbackHandler(deps: BridgeDependencies, cache: SettingsCache) {
  return async function callback(request: HttpRequest): Promise<HttpResponse> {
    const endpoints = await deps.endpoints();
    return finishLogin(readRequest(request), { identityProvider: identityProviderOf(endpoints), callbackUrl: endpoints.callbackUrl, current: cache.settings }, cache.secrets, deps);
  };
}
