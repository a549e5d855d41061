import type { LocalConfiguration } from '../src/local/config-file';
import { startLocalServer, type LocalServer } from '../src/local/server';
import { GUARD_SP } from './constants';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from './constants';

/** The local runtime set up, as from a --config file, with the test tenant at `authority` and Guard's connection. */
export function configuredBridge(options: { port: number; dataDir: string; authority: string; publicUrl?: string; sp?: { entityId: string; acsUrl: string } }): Promise<LocalServer> {
  const sp = options.sp ?? GUARD_SP;
  const configuration: LocalConfiguration = {
    config: {
      entra: { authority: options.authority, tenantId: TENANT_ID, clientId: CLIENT_ID, nameIdClaim: 'email', requireXmsEdov: true },
      guard: { spEntityId: sp.entityId, acsUrl: sp.acsUrl, allowedDomains: ['contoso.com'] },
    },
    clientCredential: 'secret',
    clientSecret: CLIENT_SECRET,
  };
  return startLocalServer({ host: '127.0.0.1', port: options.port, dataDir: options.dataDir, configuration, ...(options.publicUrl !== undefined && { publicUrl: options.publicUrl }) });
}
