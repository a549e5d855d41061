import type { BridgeEndpoints } from '../setup/stored-setup';

/**
 * The bridge's endpoints, once: which hop answers each, its web trigger and function in
 * manifest.yml (Forge), and its path on the local server. The Forge runtime asks the
 * platform for the URLs of these triggers, the local server routes these paths, its
 * metrics name routes by them, and the manifest test holds manifest.yml to them.
 */
export const BRIDGE_ROUTES = [
  { endpoint: 'ssoUrl', hop: 'sso', webTrigger: 'saml-sso', forgeFunction: 'sso-fn', path: '/saml/sso' },
  { endpoint: 'idpInitiatedUrl', hop: 'idpInitiatedLogin', webTrigger: 'saml-login', forgeFunction: 'idp-login-fn', path: '/saml/login' },
  { endpoint: 'callbackUrl', hop: 'callback', webTrigger: 'oidc-callback', forgeFunction: 'callback-fn', path: '/oidc/callback' },
  { endpoint: 'metadataUrl', hop: 'metadata', webTrigger: 'saml-metadata', forgeFunction: 'metadata-fn', path: '/saml/metadata' },
  { endpoint: 'healthUrl', hop: 'health', webTrigger: 'health', forgeFunction: 'health-fn', path: '/healthz' },
] as const satisfies readonly { readonly endpoint: keyof BridgeEndpoints; readonly hop: string; readonly webTrigger: string; readonly forgeFunction: string; readonly path: `/${string}` }[];

export type BridgeRoute = (typeof BRIDGE_ROUTES)[number];
/** The handler that answers an endpoint. */
export type Hop = BridgeRoute['hop'];

/** The endpoints of a server at `publicUrl` (no trailing slash): the local runtime's. */
export function endpointsAt(publicUrl: string): BridgeEndpoints {
  return Object.fromEntries(BRIDGE_ROUTES.map((route) => [route.endpoint, `${publicUrl}${route.path}`])) as unknown as BridgeEndpoints;
}

/** The endpoints as the platform names them: each web trigger's URL (Forge's `webTrigger.getUrl`). */
export async function endpointsOfWebTriggers(urlOf: (webTrigger: string) => Promise<string>): Promise<BridgeEndpoints> {
  const pairs = await Promise.all(BRIDGE_ROUTES.map(async (route) => [route.endpoint, await urlOf(route.webTrigger)] as const));
  return Object.fromEntries(pairs) as unknown as BridgeEndpoints;
}

/** The route a local path belongs to, and the path after it (as Forge's userPath: '' or '/…'). */
export function routeOfPath(path: string): { readonly route: BridgeRoute; readonly suffix: string } | undefined {
  for (const route of BRIDGE_ROUTES) {
    if (path === route.path || path.startsWith(`${route.path}/`)) return { route, suffix: path.slice(route.path.length) };
  }
  return undefined;
}

/** The web trigger (manifest.yml's key) that serves an endpoint on Forge. */
export function webTriggerOf(endpoint: keyof BridgeEndpoints): string {
  return BRIDGE_ROUTES.find((route) => route.endpoint === endpoint)?.webTrigger ?? '';
}
