import { forgetTenants } from '../../oidc/relying-party';
import { adminAction, NO_PAYLOAD } from '../admin-action';
import { refuse, type ApiResult } from '../api-result';
import { commit } from '../commit';
import { isNewEntraClient, secretsOfConnections } from '../credential-ownership';
import { PORTABLE_FORMAT, portableConfigurationSchema, type PortableConfiguration } from '../portable-configuration';

/** The setup as a whole: what the wizard shows, and a configuration taken to another site. */

const getSetup = adminAction({
  payload: NO_PAYLOAD,
  async handle(_payload, context) {
    const top = await context.inForce();
    if (!top.ok) return top;
    const working = await context.current();
    return working.ok ? context.view(top.value, working.value) : working;
  },
});

/** The configuration without secrets, to set up another site or environment. */
const exportConfiguration = adminAction({
  payload: NO_PAYLOAD,
  async handle(_payload, context): Promise<ApiResult<PortableConfiguration>> {
    const config = await context.current();
    if (!config.ok) return config;
    if (config.value.entra === undefined || config.value.guard === undefined) return refuse('SETUP_INCOMPLETE', { configuration: 'Save steps 1 and 2 first.' });
    return { ok: true, value: { format: PORTABLE_FORMAT, entra: config.value.entra, guard: config.value.guard, connections: config.value.connections ?? [] } };
  },
});

/** Takes an exported configuration whole, or nothing; secrets and keys stay as they are. */
const importConfiguration = adminAction({
  payload: portableConfigurationSchema,
  confirmable: true,
  async handle(file, context, confirmed) {
    const config = await context.current();
    if (!config.ok) return config;
    // A file carries no secret: step 1's stays with its own app registration, never another's.
    const stored = await context.readSecrets(config.value);
    if (isNewEntraClient(config.value.entra, file.entra) && (stored.clientSecret !== undefined || stored.clientCertificate !== undefined)) {
      return refuse('SETUP_INVALID', { 'entra.clientId': 'The file names another app registration (tenant, cloud or client ID) than step 1’s. Save step 1 with that app’s credential first, then import.' });
    }
    forgetTenants();
    // Taken whole: further connections not in the file are removed, and with them their
    // secrets; a connection whose client changed keeps no secret (save it with its new one).
    const connections = file.connections.length === 0 ? undefined : file.connections;
    const secrets = secretsOfConnections(stored, config.value.connections ?? [], file.connections);
    return commit(context, config.value, { entra: file.entra, guard: file.guard, connections }, secrets === stored ? undefined : secrets, { action: 'importConfiguration', confirmTrustChange: confirmed });
  },
});

export const SETUP_ACTIONS = { getSetup, exportConfiguration, importConfiguration };
