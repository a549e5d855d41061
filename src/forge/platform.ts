import type { Kvs } from './kvs-storage';

/**
 * What the bridge needs from the Forge platform. The handlers pass the real @forge/kvs and
 * @forge/api; tests pass doubles that follow the documented shapes, since Atlassian's
 * cloud cannot run here.
 *
 * Every member answers for the invocation that is running: Forge reuses one warm process
 * across installations, and the platform's own clients read the current invocation's
 * context on each call. Nothing here may be remembered between invocations unless it is
 * keyed by `installation()`.
 */
export interface ForgePlatform {
  readonly kvs: Kvs;
  /** The installation the running invocation belongs to (`getAppContext()` of @forge/api). */
  installation(): string;
  /** `webTrigger.getUrl(moduleKey)` of @forge/api. */
  webTriggerUrl(moduleKey: string): Promise<string>;
  /** `asUser().requestJira(route\`…\`)` of @forge/api, for a fixed path. */
  requestJiraAsUser(path: '/rest/api/3/mypermissions?permissions=ADMINISTER'): Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;
}
