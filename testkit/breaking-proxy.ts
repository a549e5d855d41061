import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A reverse proxy on 127.0.0.1 in front of the bridge that breaks one web-trigger behaviour
 * the way a platform might: the site check must name exactly that one.
 */
export type Breakage = 'none' | 'strip-cookies' | 'html-as-text' | 'strip-csp' | 'redirect-as-page' | 'base64-body' | 'refuse-path-suffix';

/** The bridge's endpoints: a path after one of them is what a platform may refuse (Forge did, before userPath). */
const ENDPOINTS = ['/saml/sso', '/saml/login', '/oidc/callback', '/saml/metadata', '/healthz'];

export interface BreakingProxy {
  readonly url: string;
  breakage: Breakage;
  close(): Promise<void>;
}

export async function startBreakingProxy(target: string): Promise<BreakingProxy> {
  const upstream = new URL(target);
  const proxy: BreakingProxy = { url: '', breakage: 'none', close: async () => undefined };
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const path = (incoming.url ?? '/').split('?')[0] ?? '/';
      if (proxy.breakage === 'refuse-path-suffix' && ENDPOINTS.some((endpoint) => path.startsWith(`${endpoint}/`))) {
        outgoing.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      let body = Buffer.concat(chunks);
      const headers: IncomingHttpHeaders = { ...incoming.headers, host: upstream.host };
      if (proxy.breakage === 'strip-cookies') delete headers.cookie;
      if (proxy.breakage === 'base64-body' && body.length > 0) body = Buffer.from(body.toString('base64'));
      headers['content-length'] = String(body.length);
      const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers }, (answer) => {
        const answerHeaders = { ...answer.headers };
        let status = answer.statusCode ?? 502;
        if (proxy.breakage === 'strip-cookies') delete answerHeaders['set-cookie'];
        if (proxy.breakage === 'html-as-text' && String(answerHeaders['content-type'] ?? '').startsWith('text/html')) answerHeaders['content-type'] = 'text/plain; charset=utf-8';
        if (proxy.breakage === 'strip-csp') delete answerHeaders['content-security-policy'];
        if (proxy.breakage === 'redirect-as-page' && status === 302) {
          status = 200;
          delete answerHeaders.location;
        }
        outgoing.writeHead(status, answerHeaders);
        answer.pipe(outgoing);
      });
      forward.on('error', () => outgoing.writeHead(502).end());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
