import { PRIMARY_CONNECTION_ID } from '../config/schema';
import { fail, ok, type Result } from '../kernel/result';
import type { ClientCredential } from '../oidc/client-credential';
import { clientOf, isSameClient, type Connection } from './connections';
import type { LoginSecrets } from './login-settings';

/**
 * The credential a sign-in through `connection` presents, and only if it was saved for that
 * connection's client: a secret never goes to another issuer's token endpoint, whatever the
 * configuration says now (the saves refuse such a change too; this holds it at use).
 */
export function credentialFor(connection: Connection, secrets: LoginSecrets): Result<ClientCredential> {
  const client = clientOf(connection);
  if (connection.id === PRIMARY_CONNECTION_ID) {
    const owner = secrets.clientCredentialFor;
    return owner !== undefined && !isSameClient(owner, client) ? fail('LOGIN_NOT_CONFIGURED', 'the saved client secret belongs to another client') : ok(secrets.clientCredential);
  }
  const secret = secrets.connectionSecrets?.get(connection.id);
  if (secret === undefined) return fail('LOGIN_NOT_CONFIGURED', `no client secret for the connection ${connection.id}`);
  if (secret.for !== undefined && !isSameClient(secret.for, client)) return fail('LOGIN_NOT_CONFIGURED', `the saved secret of ${connection.id} belongs to another client`);
  return ok(secret.value);
}
