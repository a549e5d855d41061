import { asUser, getAppContext, route, webTrigger } from '@forge/api';
import { kvs } from '@forge/kvs';
import type { ForgePlatform } from './platform';

/**
 * The real Forge platform: @forge/kvs, web-trigger URLs and Jira as the calling user. Each
 * of these reads the running invocation's context, so this object holds no site's data.
 */
export const forgePlatform: ForgePlatform = {
  kvs,
  installation: () => getAppContext().installationAri.installationId,
  webTriggerUrl: (moduleKey) => webTrigger.getUrl(moduleKey),
  requestJiraAsUser: () => asUser().requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`),
};
