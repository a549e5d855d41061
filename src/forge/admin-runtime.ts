import { createAdminApi, invokeAdminAction, refusal, type ApiResult } from '../core/setup/admin-api';
import { endpointsOf, storesOf, transportOf, type ForgeRuntimeOptions } from './bridge-runtime';
import { isJiraAdministrator } from './jira-admin';
import type { ForgePlatform } from './platform';

/** The admin page's resolvers on Forge: every call checked against Jira's admin permission first. */
export function createForgeAdmin(platform: ForgePlatform, options: ForgeRuntimeOptions = {}) {
  const stores = storesOf(platform, options);
  const api = createAdminApi({
    ...transportOf(options),
    store: stores.setup,
    loginStore: stores.logins,
    audit: stores.audit,
    endpoints: endpointsOf(platform),
  });
  return async (action: string, payload: unknown): Promise<ApiResult<unknown>> => {
    if (!(await isJiraAdministrator(platform))) return refusal('SETUP_FORBIDDEN');
    return invokeAdminAction(api, action, payload);
  };
}
