import { CONNECTION_ID, PRIMARY_CONNECTION_ID, type AdditionalConnection, type BridgeConfig, type EntraSettings, type OidcConnection } from '../config/schema';
import type { Provider } from '../oidc/relying-party';
import { entraIssuer } from '../oidc/issuer';

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

/** The client a credential is issued to: the directory's issuer, and the client registered there. */
export interface ClientIdentity {
  readonly issuer: string;
  readonly clientId: string;
}

/** Step 1's tenant as a client: its cloud and tenant (the issuer) and its client ID. */
export function entraClientOf(entra: Pick<EntraSettings, 'authority' | 'tenantId' | 'clientId'>): ClientIdentity {
  return { issuer: entraIssuer(entra), clientId: entra.clientId };
}

/** A further connection as saved in the configuration, as a client. */
export function clientOfSaved(connection: AdditionalConnection): ClientIdentity {
  return connection.kind === 'entra' ? entraClientOf(connection) : { issuer: connection.issuer, clientId: connection.clientId };
}

/** Who a connection's credential belongs to: a secret or certificate is used with this client only. */
export function clientOf(connection: Connection): ClientIdentity {
  return connection.kind === 'entra' ? entraClientOf(connection.entra) : { issuer: connection.oidc.issuer, clientId: connection.oidc.clientId };
}

export function isSameClient(a: ClientIdentity, b: ClientIdentity): boolean {
  return a.issuer === b.issuer && a.clientId === b.clientId;
}

/** How the OpenID client reaches a connection's directory. */
export function providerOf(connection: Connection): Provider {
  return connection.kind === 'entra' ? { kind: 'entra', entra: connection.entra } : { kind: 'oidc', issuer: connection.oidc.issuer, clientId: connection.oidc.clientId };
}

/** The connection a sign-in started with; a login state from before connections means the first. */
export function connectionById(config: BridgeConfig, id: string | undefined): Connection | undefined {
  return connectionsOf(config).find((connection) => connection.id === (id ?? PRIMARY_CONNECTION_ID));
}

/**
 * Each connection's own Redirect URI (RFC 9700 §4.4.2: a client of several authorization
 * servers tells them apart by where the answer arrives). The first connection keeps the
 * callback URL registered before connections existed; each further one answers at a path of
 * its own under it (on Forge, the callback web trigger with a path suffix: `userPath`).
 */
export function redirectUriOf(connectionId: string, callbackUrl: string): string {
  return connectionId === PRIMARY_CONNECTION_ID ? callbackUrl : `${callbackUrl}/${connectionId}`;
}

/**
 * The connection whose Redirect URI a callback arrived at, from the path after the callback
 * URL: none for the first connection, `/<id>` for another; anything else is no Redirect URI
 * of ours (undefined). Whether that connection exists is the login state's to say.
 */
export function connectionIdOfCallbackPath(pathSuffix: string | undefined): string | undefined {
  if (pathSuffix === undefined || pathSuffix === '') return PRIMARY_CONNECTION_ID;
  const id = pathSuffix.slice(1);
  return pathSuffix.startsWith('/') && CONNECTION_ID.test(id) && id !== PRIMARY_CONNECTION_ID ? id : undefined;
}

/** The connection whose domains hold the email's domain (exact, lower-cased), if any. */
export function connectionForEmail(config: BridgeConfig, email: string): Connection | undefined {
  const at = email.lastIndexOf('@');
  const domain = (at === -1 ? email : email.slice(at + 1)).trim().toLowerCase();
  return connectionsOf(config).find((connection) => connection.allowedDomains.includes(domain));
}
