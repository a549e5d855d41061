import { renderErrorPage } from '../http/error-page';
import { readRequest } from '../http/request';
import { hasPathSuffix, type HttpRequest, type HttpResponse } from '../http/types';
import { startIdpInitiatedLogin, startLogin, statusAnswerBudget } from '../signin/start';
import type { BridgeDependencies, SettingsCache } from './settings-cache';

/** Where sign-ins start: Guard's AuthnRequest, and IdP-initiated (and test) sign-ins. */
export function createStartHandlers(deps: BridgeDependencies, cache: SettingsCache) {
  const answers = { loadSecrets: cache.secrets, budget: statusAnswerBudget(deps.clock) };
  return {
    /** GET (HTTP-Redirect) or POST (HTTP-POST): Guard's AuthnRequest. */
    async sso(request: HttpRequest): Promise<HttpResponse> {
      if (hasPathSuffix(request)) return renderErrorPage({ code: 'HTTP_NOT_FOUND' });
      const loaded = await cache.settings();
      return loaded.ok ? startLogin(readRequest(request), loaded.value, deps, answers) : renderErrorPage(loaded.error);
    },

    /** GET ?RelayState=…: IdP-initiated sign-in. */
    async idpInitiatedLogin(request: HttpRequest): Promise<HttpResponse> {
      if (hasPathSuffix(request)) return renderErrorPage({ code: 'HTTP_NOT_FOUND' });
      const loaded = await cache.settings();
      return loaded.ok ? startIdpInitiatedLogin(readRequest(request), loaded.value, deps) : renderErrorPage(loaded.error);
    },
  };
}
