import { createForgeBridge } from './bridge-runtime';
import { forgePlatform } from './forge-platform';

/**
 * The web-trigger functions named in manifest.yml. One bridge per warm process: web-trigger
 * URLs, tenant discovery, the JWKS and the configuration outlive a request.
 */
const bridge = createForgeBridge(forgePlatform);

export const sso = bridge.sso;
export const idpInitiatedLogin = bridge.idpInitiatedLogin;
export const callback = bridge.callback;
export const metadata = bridge.metadata;
export const health = bridge.health;
