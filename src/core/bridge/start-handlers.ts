import { renderErrorPage } from '../http/error-page';
import type { HttpRequest, HttpResponse } from '../http/types';
import { startIdpInitiatedLogin, startLogin } from '../login/start';
import type { BridgeDependencies, SettingsCache } from './settings-cache';

/** Where sign-ins start: Guard's AuthnRequest, and IdP-initiated (and test) sign-ins. */
export function createStartHandlers(deps: BridgeDependencies, cache: SettingsCache) {
  return {
    /** GET (HTTP-Redirect) or POST (HTTP-POST): Guard's AuthnRequest. */
    async sso(request: HttpRequest): Promise<HttpResponse> {
      const loaded = await cache.settings();
      return loaded.ok ? startLogin(request, loaded.value, deps, cache.secrets) : renderErrorPage(loaded.error);
    },

    /** GET ?RelayState=…: IdP-initiated sign-in. */
    async idpInitiatedLogin(request: HttpRequest): Promise<HttpResponse> {
      const loaded = await cache.settings();
      return loaded.ok ? startIdpInitiatedLogin(request, loaded.value, deps) : renderErrorPage(loaded.error);
    },
  };
}
