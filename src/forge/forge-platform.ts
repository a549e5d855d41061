import { asUser, route, webTrigger } from '@forge/api';
import { kvs } from '@forge/kvs';
import type { ForgePlatform } from './platform';

/** The real Forge platform: @forge/kvs, web-trigger URLs and Jira as the calling user. */
export const forgePlatform: ForgePlatform = {
  kvs,
  webTriggerUrl: (moduleKey) => webTrigger.getUrl(moduleKey),
  requestJiraAsUser: () => asUser().requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`),
};
