import type { ForgeRuntimeOptions } from './bridge-runtime';
import { createCallbackTrigger } from './functions/callback';
import { createHealthTrigger } from './functions/health';
import { createIdpLoginTrigger } from './functions/idp-login';
import { createMetadataTrigger } from './functions/metadata';
import { createSsoTrigger } from './functions/sso';
import type { ForgePlatform } from './platform';

/**
 * Every web-trigger function of manifest.yml over one platform, as the tests drive them (on
 * Forge each runs as its own function, from its own module under functions/).
 */
export function createForgeBridge(platform: ForgePlatform, options: ForgeRuntimeOptions = {}) {
  return {
    sso: createSsoTrigger(platform, options),
    idpInitiatedLogin: createIdpLoginTrigger(platform, options),
    callback: createCallbackTrigger(platform, options),
    metadata: createMetadataTrigger(platform, options),
    health: createHealthTrigger(platform, options),
  };
}
