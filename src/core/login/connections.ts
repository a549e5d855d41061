import { PRIMARY_CONNECTION_ID, type BridgeConfig, type EntraSettings, type OidcConnection } from '../config/schema';
import type { Provider } from './entra-client';

/**
 * A directory a sign-in can go to: the configuration's own Entra ID tenant (the first
 * connection, with Guard's allowed domains), another Entra ID tenant, or another OpenID
 * provider, each with the email domains it vouches for.
 */
export type Connection =
  | { readonly id: string; readonly kind: 'entra'; readonly entra: EntraSettings; readonly allowedDomains: readonly string[] }
  | { readonly id: string; readonly kind: 'oidc'; readonly oidc: OidcConnection; readonly allowedDomains: readonly string[] };

export function connectionsOf(config: BridgeConfig): Connection[] {
  const primary: Connection = { id: PRIMARY_CONNECTION_ID, kind: 'entra', entra: config.entra, allowedDomains: config.guard.allowedDomains };
  return [
    primary,
    ...(config.connections ?? []).map((connection): Connection => {
      if (connection.kind === 'oidc') return { id: connection.id, kind: 'oidc', oidc: connection, allowedDomains: connection.allowedDomains };
      const { id, kind: _kind, allowedDomains, ...entra } = connection;
      return { id, kind: 'entra', entra, allowedDomains };
    }),
  ];
}

/** How the OpenID client reaches a connection's directory. */
export function providerOf(connection: Connection): Provider {
  return connection.kind === 'entra' ? { kind: 'entra', entra: connection.entra } : { kind: 'oidc', issuer: connection.oidc.issuer, clientId: connection.oidc.clientId };
}

/** The connection a sign-in started with; a login state from before connections means the first. */
export function connectionById(config: BridgeConfig, id: string | undefined): Connection | undefined {
  return connectionsOf(config).find((connection) => connection.id === (id ?? PRIMARY_CONNECTION_ID));
}

/** The connection whose domains hold the email's domain (exact, lower-cased), if any. */
export function connectionForEmail(config: BridgeConfig, email: string): Connection | undefined {
  const at = email.lastIndexOf('@');
  const domain = (at === -1 ? email : email.slice(at + 1)).trim().toLowerCase();
  return connectionsOf(config).find((connection) => connection.allowedDomains.includes(domain));
}
