import * as z from 'zod';
import { additionalConnectionSchema, bridgeConfigSchema } from '../../config/schema';
import { checkProvider, forgetTenants } from '../../oidc/relying-party';
import { clientOfSaved, connectionsOf, providerOf } from '../../signin/connections';
import { adminAction } from '../admin-action';
import { fieldErrors, fromResult, refuse } from '../api-result';
import { commit } from '../commit';
import { reusableSecret, savedConnectionSecret, SECRET_FOR_ANOTHER_CLIENT, withConnectionSecret } from '../credential-ownership';

/** Further directories behind the one Guard IdP: each with its own client, secret, domains and Redirect URI. */

const NO_SUCH_CONNECTION = { id: 'No further connection has this name' };

/** A directory as the wizard sends it: the connection's own settings, and its secret when given. */
const connectionSave = z
  .looseObject({ clientSecret: z.string({ error: 'The client secret is text of at most 1024 characters' }).max(1024, 'The client secret is text of at most 1024 characters').optional() })
  .transform(({ clientSecret, ...connection }) => ({ ...(clientSecret !== undefined && { clientSecret }), connection }))
  .pipe(z.object({ clientSecret: z.string().optional(), connection: additionalConnectionSchema }));

/**
 * Adds or replaces a further directory (by its id): another Entra ID tenant or another
 * OpenID provider, with its client secret and its own domains, disjoint from every other
 * connection's. Like any change of whom the bridge vouches for, it needs confirming once
 * the key is bound, and replaces the key. A secret is kept only for the client it was saved for.
 */
const saveConnection = adminAction({
  payload: connectionSave,
  confirmable: true,
  async handle({ clientSecret, connection }, context, confirmed) {
    const config = await context.current();
    if (!config.ok) return config;
    if (config.value.entra === undefined || config.value.guard === undefined) return refuse('SETUP_INCOMPLETE', { connections: 'Save steps 1 and 2 (the first directory and Guard) first.' });
    const connections = [...(config.value.connections ?? []).filter((c) => c.id !== connection.id), connection];
    const whole = bridgeConfigSchema.safeParse({ entra: config.value.entra, guard: config.value.guard, connections });
    if (!whole.success) return refuse('SETUP_INVALID', fieldErrors(whole.error));
    const existing = await context.readSecrets(config.value);
    const saved = (config.value.connections ?? []).find((c) => c.id === connection.id);
    const given = clientSecret !== undefined && clientSecret.trim() !== '' ? clientSecret.trim() : undefined;
    const kept = reusableSecret(saved, connection, savedConnectionSecret(existing, connection.id));
    if (given === undefined && kept === undefined) return refuse('SETUP_INVALID', { clientSecret: saved === undefined ? 'Paste the client secret of this directory’s app registration' : SECRET_FOR_ANOTHER_CLIENT });
    forgetTenants();
    const secrets = withConnectionSecret(existing, connection.id, { value: given ?? kept?.value ?? '', for: clientOfSaved(connection) });
    return commit(context, config.value, { connections: whole.data.connections ?? [] }, secrets, {
      action: 'saveConnection',
      confirmTrustChange: confirmed,
      ...(given !== undefined && { secretReplaced: `connections.${connection.id}.clientSecret` }),
    });
  },
});

/** Proves a further directory's registration: discovery, and the secret where the provider allows it. */
const testDirectory = adminAction({
  payload: z.object({ id: z.string({ error: NO_SUCH_CONNECTION.id }) }),
  async handle({ id }, context) {
    const config = await context.current();
    if (!config.ok) return config;
    const saved = (config.value.connections ?? []).find((c) => c.id === id);
    const connection = saved === undefined || config.value.entra === undefined || config.value.guard === undefined ? undefined : connectionsOf({ entra: config.value.entra, guard: config.value.guard, connections: [saved] })[1];
    if (saved === undefined || connection === undefined) return refuse('SETUP_INVALID', NO_SUCH_CONNECTION);
    // The secret goes only to the client it was saved for (a re-pointed issuer gets none).
    const secret = reusableSecret(saved, saved, savedConnectionSecret(await context.readSecrets(config.value), id));
    if (secret === undefined) return refuse('SETUP_INCOMPLETE', { clientSecret: 'Save this directory’s client secret first' });
    return fromResult(await checkProvider(providerOf(connection), secret.value, context.deps));
  },
});

/** Removes a further directory and its secret (a change of trust, like adding one). */
const removeConnection = adminAction({
  payload: z.object({ id: z.string({ error: NO_SUCH_CONNECTION.id }) }),
  confirmable: true,
  async handle({ id }, context, confirmed) {
    const config = await context.current();
    if (!config.ok) return config;
    if (!(config.value.connections ?? []).some((c) => c.id === id)) return refuse('SETUP_INVALID', NO_SUCH_CONNECTION);
    // Its secret goes with it.
    const secrets = withConnectionSecret(await context.readSecrets(config.value), id, undefined);
    return commit(context, config.value, { connections: (config.value.connections ?? []).filter((c) => c.id !== id) }, secrets, { action: 'removeConnection', confirmTrustChange: confirmed });
  },
});

export const CONNECTION_ACTIONS = { saveConnection, testDirectory, removeConnection };
