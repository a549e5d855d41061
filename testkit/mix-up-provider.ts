import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenID provider run by an attacker who operates one of the bridge's further
 * directories (the OAuth mix-up of RFC 9700 §4.4.2). Its discovery is valid, so the bridge
 * accepts it as a connection; its authorization endpoint sends the victim on to the real
 * Entra ID tenant with the victim's `state` but the attacker's own nonce and PKCE challenge
 * (taken from a sign-in the attacker started in their own browser), and its token endpoint
 * keeps every code it is sent.
 */
export interface MixUpProvider {
  readonly issuer: string;
  /** What the bounce sends to Entra ID besides the victim's state. */
  bounce: { authorizationEndpoint: string; clientId: string; redirectUri: string; nonce: string; codeChallenge: string } | undefined;
  /** The bodies of the token requests the bridge sent here: a code in one is a code stolen. */
  readonly tokenRequests: URLSearchParams[];
  /** The authorization requests the bridge sent victims here with. */
  readonly authorizationRequests: URLSearchParams[];
  close(): Promise<void>;
}

/** `offersClientCredentials`: its discovery offers that grant, so a connection test sends it the client secret. */
export async function startMixUpProvider(options: { offersClientCredentials?: boolean } = {}): Promise<MixUpProvider> {
  const provider: MixUpProvider = { issuer: '', bounce: undefined, tokenRequests: [], authorizationRequests: [], close: async () => undefined };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', provider.issuer);
    if (url.pathname === '/.well-known/openid-configuration') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          issuer: provider.issuer,
          authorization_endpoint: `${provider.issuer}/authorize`,
          token_endpoint: `${provider.issuer}/token`,
          jwks_uri: `${provider.issuer}/jwks`,
          response_types_supported: ['code'],
          response_modes_supported: ['form_post', 'query'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          grant_types_supported: options.offersClientCredentials === true ? ['authorization_code', 'client_credentials'] : ['authorization_code'],
        }),
      );
      return;
    }
    if (url.pathname === '/jwks') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"keys":[]}');
      return;
    }
    if (url.pathname === '/authorize') {
      provider.authorizationRequests.push(url.searchParams);
      const bounce = provider.bounce;
      if (bounce === undefined) {
        response.writeHead(400).end();
        return;
      }
      const to = new URL(bounce.authorizationEndpoint);
      const parameters = {
        client_id: bounce.clientId,
        redirect_uri: bounce.redirectUri,
        response_type: 'code',
        response_mode: 'form_post',
        scope: 'openid profile email',
        state: url.searchParams.get('state') ?? '',
        nonce: bounce.nonce,
        code_challenge: bounce.codeChallenge,
        code_challenge_method: 'S256',
      };
      for (const [name, value] of Object.entries(parameters)) to.searchParams.set(name, value);
      response.writeHead(302, { location: to.href }).end();
      return;
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        provider.tokenRequests.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end('{"error":"invalid_grant"}');
      });
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(provider, {
    issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
