import { settingsCache } from '../../core/endpoints/settings-cache';
import { createStartHandlers } from '../../core/endpoints/start-handlers';
import { webTriggerFor, type ForgeRuntimeOptions } from '../bridge-runtime';
import { forgePlatform } from '../forge-platform';
import type { ForgePlatform } from '../platform';

/** Web trigger `saml-sso`: Guard's AuthnRequest (HTTP-Redirect and HTTP-POST bindings). */
export function createSsoTrigger(platform: ForgePlatform, options: ForgeRuntimeOptions = {}) {
  return webTriggerFor(platform, options, (deps) => createStartHandlers(deps, settingsCache(deps)).sso);
}

export const handler = createSsoTrigger(forgePlatform);
