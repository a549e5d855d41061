import { renderErrorPage } from '../http/error-page';
import { healthResponse } from '../http/health';
import type { HttpRequest, HttpResponse } from '../http/types';
import { finishLogin } from '../login/finish';
import type { LoginDependencies, LoginSecrets, LoginSettings } from '../login/settings';
import { startIdpInitiatedLogin, startLogin } from '../login/start';
import { fail, type Result } from '../result';
import { idpMetadataXml } from '../saml/metadata';
import { identityProviderOf, loadLoginSecrets, loadLoginSettings, readConfig } from '../setup/runtime-settings';
import { publishedCertificates } from '../setup/setup-view';
import { runSiteCheckStep, siteCheckStepOf } from '../site-check/site-check';
import type { BridgeEndpoints, SetupStore } from '../setup/stored-setup';

export interface BridgeDependencies extends LoginDependencies {
  readonly setup: SetupStore;
  readonly endpoints: () => Promise<BridgeEndpoints>;
  /**
   * How long a warm process reuses the configuration and secrets it read (milliseconds;
   * 0 reads them on every request). Saves through the admin API in the same process
   * clear it at once; another process sees a change after this time at most.
   */
  readonly settingsCacheMs: number;
}

/** A value read from storage, kept for a while in a warm process (per key: one entry). */
function cachedResult<T>(read: (key: string) => Promise<Result<T>>, ttlMs: () => number, now: () => number) {
  let entry: { key: string; value: Result<T>; until: number } | undefined;
  return {
    async get(key = ''): Promise<Result<T>> {
      if (entry !== undefined && entry.key === key && entry.until > now()) return entry.value;
      const value = await read(key);
      // Only successes are kept: a storage fault must not stick.
      entry = value.ok ? { key, value, until: now() + ttlMs() } : undefined;
      return value;
    },
    clear(): void {
      entry = undefined;
    },
  };
}

function methodIs(request: HttpRequest, ...methods: string[]): boolean {
  return methods.includes(request.method.toUpperCase());
}

/**
 * The bridge's HTTP endpoints, one function each, shared by the Forge web triggers and the
 * local runtime: each reads what it needs from storage and calls the core.
 */
export function createBridgeHandlers(deps: BridgeDependencies) {
  const now = () => deps.clock.now().getTime();
  const ttl = () => deps.settingsCacheMs;
  const settings = cachedResult(async (): Promise<Result<LoginSettings>> => loadLoginSettings(deps.setup, await deps.endpoints()), ttl, now);
  const secrets = cachedResult((version): Promise<Result<LoginSecrets>> => loadLoginSecrets(deps.setup, version), ttl, now);

  return {
    /** GET (HTTP-Redirect) or POST (HTTP-POST): Guard's AuthnRequest. */
    async sso(request: HttpRequest): Promise<HttpResponse> {
      const loaded = await settings.get();
      return loaded.ok ? startLogin(request, loaded.value, deps, (version) => secrets.get(version)) : renderErrorPage(loaded.error);
    },

    /** GET ?RelayState=…: IdP-initiated sign-in. */
    async idpInitiatedLogin(request: HttpRequest): Promise<HttpResponse> {
      const loaded = await settings.get();
      return loaded.ok ? startIdpInitiatedLogin(request, loaded.value, deps) : renderErrorPage(loaded.error);
    },

    /** GET or POST (form_post): Entra ID's answer. The configuration comes with the login state. */
    async callback(request: HttpRequest): Promise<HttpResponse> {
      const endpoints = await deps.endpoints();
      return finishLogin(
        request,
        { identityProvider: identityProviderOf(endpoints), callbackUrl: endpoints.callbackUrl },
        (version) => secrets.get(version),
        deps,
      );
    },

    /** GET: the IdP metadata XML. */
    async metadata(request: HttpRequest): Promise<HttpResponse> {
      if (!methodIs(request, 'GET', 'HEAD')) return renderErrorPage({ code: 'HTTP_METHOD_NOT_ALLOWED' });
      const stored = await readConfig(deps.setup);
      if (!stored.ok) return renderErrorPage(stored.error);
      const certificates = publishedCertificates(stored.value);
      if (certificates.length === 0) return renderErrorPage(fail('LOGIN_NOT_CONFIGURED', 'no signing key yet').error);
      return {
        status: 200,
        headers: {
          'Content-Type': 'application/samlmetadata+xml; charset=utf-8',
          'Cache-Control': 'no-cache',
          'X-Content-Type-Options': 'nosniff',
        },
        body: idpMetadataXml(identityProviderOf(await deps.endpoints()), certificates),
      };
    },

    /** GET: the health check; with `?check=<ticket>`, a step of the in-product site check. */
    async health(request?: HttpRequest): Promise<HttpResponse> {
      if (request === undefined) return healthResponse();
      const step = siteCheckStepOf(request);
      if (!step.ok) return renderErrorPage(step.error);
      if (step.value === undefined) return healthResponse();
      const endpoints = await deps.endpoints();
      const answer = await runSiteCheckStep(request, step.value, endpoints.healthUrl, { store: deps.store, clock: deps.clock });
      return answer.ok ? answer.value : renderErrorPage(answer.error);
    },

    /** Forgets the cached configuration and secrets (after a save in this process). */
    forgetSettings(): void {
      settings.clear();
      secrets.clear();
    },
  };
}

export type BridgeHandlers = ReturnType<typeof createBridgeHandlers>;
