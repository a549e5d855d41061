import { createAdminApi, invokeAdminAction, refusal, type ApiResult } from '../core/setup/admin-api';
import { endpointsOf, storesOf, transportOf, type ForgeRuntimeOptions } from './bridge-runtime';
import { isJiraAdministrator } from './jira-admin';
import { perInstallation } from './per-installation';
import type { ForgePlatform } from './platform';

/**
 * The admin page's resolvers on Forge: every call checked against Jira's admin permission
 * first. The admin API is made for each call; only the installation's web-trigger URLs
 * are kept between calls, keyed by the installation.
 */
export function createForgeAdmin(platform: ForgePlatform, options: ForgeRuntimeOptions = {}) {
  const stores = storesOf(platform, options);
  const transport = transportOf(options);
  const siteEndpoints = perInstallation(platform, () => endpointsOf(platform), () => transport.clock.now().getTime());
  /** `accountId`: the resolver context's, the Atlassian account calling; the admin trail names it. */
  return async (action: string, payload: unknown, accountId?: string): Promise<ApiResult<unknown>> => {
    const endpoints = siteEndpoints();
    if (!endpoints.ok) return refusal(endpoints.error.code);
    if (!(await isJiraAdministrator(platform))) return refusal('SETUP_FORBIDDEN');
    const api = createAdminApi({
      ...transport,
      discoveryStore: stores.discovery,
      store: stores.setup,
      loginStore: stores.logins,
      audit: stores.audit,
      adminTrail: stores.adminTrail,
      refusalTrail: stores.refusals,
      actor: accountId === undefined || accountId === '' ? 'unknown Atlassian account' : `Atlassian account ${accountId}`,
      endpoints: endpoints.value,
    });
    return invokeAdminAction(api, action, payload);
  };
}
