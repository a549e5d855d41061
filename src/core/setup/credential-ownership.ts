import type { AdditionalConnection, EntraSettings } from '../config/schema';
import type { ClientCredential } from '../oidc/client-credential';
import { clientOfSaved, entraClientOf, isSameClient, type ClientIdentity } from '../signin/connections';
import type { ClientSecret } from '../signin/login-settings';
import { connectionSecretsOf } from './settings-loader';
import type { StoredSecrets } from './stored-setup';

/**
 * A credential belongs to the client it was saved for: a client secret is sent only to the
 * token endpoint of the issuer and client it was issued by. Every save that changes a
 * client's issuer, tenant, cloud or client ID without its new secret is refused, a removed
 * connection takes its secret with it, and nothing is kept for a client no longer set up.
 */

/** What a save says about a secret it finds unusable: the field and the message. */
export const SECRET_FOR_ANOTHER_CLIENT = 'The saved secret belongs to the client this directory had before; a new issuer, tenant or client ID needs the secret of that new client. Paste it here.';

/** A further connection's saved secret (own entries only: an id is never a prototype's property). */
export function savedConnectionSecret(secrets: StoredSecrets, id: string): ClientSecret | undefined {
  return secrets.connectionSecrets === undefined ? undefined : connectionSecretsOf(secrets.connectionSecrets).get(id);
}

/**
 * The secret a save of `connection` may keep when it brings none: the saved one, only if the
 * connection was saved before with the same client and the secret names no other.
 */
export function reusableSecret(saved: AdditionalConnection | undefined, connection: AdditionalConnection, secret: ClientSecret | undefined): ClientSecret | undefined {
  if (saved === undefined || secret === undefined) return undefined;
  const client = clientOfSaved(connection);
  if (!isSameClient(clientOfSaved(saved), client)) return undefined;
  return secret.for === undefined || isSameClient(secret.for, client) ? secret : undefined;
}

/** The connection secrets with `id`'s replaced (or removed, without `secret`), each naming its client. */
export function withConnectionSecret(secrets: StoredSecrets, id: string, secret: { value: string; for: ClientIdentity } | undefined): StoredSecrets {
  const kept = Object.entries(secrets.connectionSecrets ?? {}).filter(([name]) => name !== id);
  return { ...secrets, connectionSecrets: Object.fromEntries(secret === undefined ? kept : [...kept, [id, secret]]) };
}

/**
 * The secrets with only those of the connections `after` holds, and only where each is still
 * that connection's client's: by the client it names, or (a secret saved before secrets
 * named their client) by the client its connection had `before`. The same object when
 * nothing goes.
 */
export function secretsOfConnections(secrets: StoredSecrets, before: readonly AdditionalConnection[], after: readonly AdditionalConnection[]): StoredSecrets {
  const previously = new Map(before.map((connection) => [connection.id, connection]));
  const now = new Map(after.map((connection) => [connection.id, connection]));
  const entries = Object.entries(secrets.connectionSecrets ?? {});
  const kept = entries.filter(([id, secret]) => {
    const connection = now.get(id);
    if (connection === undefined) return false;
    const saved = previously.get(id);
    const savedFor = typeof secret !== 'string' ? secret.for : saved === undefined ? undefined : clientOfSaved(saved);
    return savedFor !== undefined && isSameClient(savedFor, clientOfSaved(connection));
  });
  return kept.length === entries.length ? secrets : { ...secrets, connectionSecrets: Object.fromEntries(kept) };
}

/** True when step 1's tenant changes its cloud, tenant or client: every credential of the old one stays behind. */
export function isNewEntraClient(before: EntraSettings | undefined, after: EntraSettings): boolean {
  return before !== undefined && !isSameClient(entraClientOf(before), entraClientOf(after));
}

/** Step 1's credential in use, if it belongs to `entra`'s client (Test connection presents what sign-ins will). */
export function entraCredential(entra: EntraSettings, secrets: StoredSecrets): ClientCredential | undefined {
  if (secrets.clientCredential === 'certificate') return secrets.clientCertificate;
  const owner = secrets.clientSecretFor;
  return owner === undefined || isSameClient(owner, entraClientOf(entra)) ? secrets.clientSecret : undefined;
}
