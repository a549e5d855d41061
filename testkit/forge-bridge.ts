import type { ForgeRuntimeOptions } from '../src/forge/bridge-runtime';
import { createCallbackTrigger } from '../src/forge/functions/callback';
import { createHealthTrigger } from '../src/forge/functions/health';
import { createIdpLoginTrigger } from '../src/forge/functions/idp-login';
import { createMetadataTrigger } from '../src/forge/functions/metadata';
import { createSsoTrigger } from '../src/forge/functions/sso';
import type { ForgePlatform } from '../src/forge/platform';

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
