import { createCallbackHandler } from '../../core/endpoints/callback-handler';
import { settingsCache } from '../../core/endpoints/settings-cache';
import { webTriggerFor, type ForgeRuntimeOptions } from '../bridge-runtime';
import { forgePlatform } from '../forge-platform';
import type { ForgePlatform } from '../platform';

/** Web trigger `oidc-callback`: Entra ID's answer (form_post), the Redirect URI registered in Entra ID. */
export function createCallbackTrigger(platform: ForgePlatform, options: ForgeRuntimeOptions = {}) {
  return webTriggerFor(platform, options, (deps) => createCallbackHandler(deps, settingsCache(deps)));
}

export const handler = createCallbackTrigger(forgePlatform);
