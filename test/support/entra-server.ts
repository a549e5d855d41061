import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEntraStandIn, type EntraStandIn, type StandInUser } from '../../src/local/demo/entra-stand-in';

/** An Entra ID stand-in on a loopback server of its own, for one client and redirect URI. */
export async function startEntraServer(options: {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  users: readonly StandInUser[];
}): Promise<{ entra: EntraStandIn; close(): Promise<void> }> {
  let entra: EntraStandIn | undefined;
  const server = createServer((request, response) => {
    if (!entra?.handle(request, response)) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  entra = createEntraStandIn({
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    basePath: '',
    tenantId: options.tenantId,
    clients: [{ clientId: options.clientId, clientSecret: options.clientSecret, redirectUris: [options.redirectUri] }],
    users: options.users,
  });
  return {
    entra,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
