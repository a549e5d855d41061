import { settingsCache } from '../../core/endpoints/settings-cache';
import { createStartHandlers } from '../../core/endpoints/start-handlers';
import { webTriggerFor, type ForgeRuntimeOptions } from '../bridge-runtime';
import { forgePlatform } from '../forge-platform';
import type { ForgePlatform } from '../platform';

/** Web trigger `saml-login`: IdP-initiated sign-in (?RelayState=https://<site>.atlassian.net/…), and the wizard's test sign-in. */
export function createIdpLoginTrigger(platform: ForgePlatform, options: ForgeRuntimeOptions = {}) {
  return webTriggerFor(platform, options, (deps) => createStartHandlers(deps, settingsCache(deps)).idpInitiatedLogin);
}

export const handler = createIdpLoginTrigger(forgePlatform);
