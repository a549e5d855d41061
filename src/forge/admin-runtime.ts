import { createAdminApi, invokeAdminAction } from '../core/setup/action-table';
import { refuse as refusal, type ApiResult } from '../core/setup/api-result';
import { systemClock } from '../core/kernel/ports';
import { adminDependenciesOf } from '../core/endpoints/create-bridge';
import { endpointsOf, forgePorts, storesOf, type ForgeRuntimeOptions } from './bridge-runtime';
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
  const clock = options.clock ?? systemClock;
  const siteEndpoints = perInstallation(platform, () => endpointsOf(platform), () => clock.now().getTime());
  /** `accountId`: the resolver context's, the Atlassian account calling; the admin trail names it. */
  return async (action: string, payload: unknown, accountId?: string): Promise<ApiResult<unknown>> => {
    const endpoints = siteEndpoints();
    if (!endpoints.ok) return refusal(endpoints.error.code);
    if (!(await isJiraAdministrator(platform))) return refusal('SETUP_FORBIDDEN');
    const actor = accountId === undefined || accountId === '' ? 'unknown Atlassian account' : `Atlassian account ${accountId}`;
    const api = createAdminApi(adminDependenciesOf(forgePorts(stores, options, endpoints.value), actor));
    return invokeAdminAction(api, action, payload);
  };
}
