import * as z from 'zod';
import type { ForgePlatform } from './platform';

const myPermissions = z.object({
  permissions: z.object({ ADMINISTER: z.object({ havePermission: z.boolean() }) }),
});

/**
 * Whether the user calling a resolver is a Jira administrator, asked of Jira as that user
 * (Get my permissions, ADMINISTER). Any user who can load the page can call resolvers, so
 * this is checked on the server for every call; anything but a clear yes is a no.
 */
export async function isJiraAdministrator(platform: ForgePlatform): Promise<boolean> {
  try {
    const response = await platform.requestJiraAsUser('/rest/api/3/mypermissions?permissions=ADMINISTER');
    if (!response.ok) return false;
    const body = myPermissions.safeParse(await response.json());
    return body.success && body.data.permissions.ADMINISTER.havePermission;
  } catch {
    return false;
  }
}
