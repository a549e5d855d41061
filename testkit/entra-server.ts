import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEntraStandIn, type EntraStandIn, type StandInUser } from '../src/demo/entra-stand-in';

/** An Entra ID stand-in on a loopback server of its own, for one client and redirect URI. */
export async function startEntraServer(options: {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  users: readonly StandInUser[];
  /** RFC 9207: name the issuer in authorization responses, as providers other than Entra ID do. */
  issInAuthorizationResponse?: boolean;
}): Promise<{ entra: EntraStandIn; readonly tokenRequests: number; close(): Promise<void> }> {
  let entra: EntraStandIn | undefined;
  let tokenRequests = 0;
  const server = createServer((request, response) => {
    if (request.method === 'POST' && (request.url ?? '').split('?')[0]?.endsWith('/token')) tokenRequests += 1;
    if (!entra?.handle(request, response)) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  entra = createEntraStandIn({
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    basePath: '',
    tenantId: options.tenantId,
    clients: [{ clientId: options.clientId, clientSecret: options.clientSecret, redirectUris: [options.redirectUri] }],
    users: options.users,
    ...(options.issInAuthorizationResponse !== undefined && { issInAuthorizationResponse: options.issInAuthorizationResponse }),
  });
  return {
    entra,
    get tokenRequests() {
      return tokenRequests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
