import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A load balancer in front of bridge replicas, as an operator's would stand: every request
 * goes to the replica `pick` names (round robin by default), and the balancer remembers
 * which replica answered which path, so a test can see a sign-in cross replicas.
 */
export interface Balancer {
  readonly url: string;
  /** Replica ports; a test may change them (a replica killed, a new one). */
  targets: number[];
  readonly served: { path: string; target: number }[];
  pick: (path: string, count: number) => number;
  close(): Promise<void>;
}

export async function startBalancer(targets: number[]): Promise<Balancer> {
  let count = 0;
  const balancer: Balancer = {
    url: '',
    targets,
    served: [],
    pick: (_path, n) => n % balancer.targets.length,
    close: async () => undefined,
  };
  const server = createServer((incoming, outgoing) => {
    const path = (incoming.url ?? '/').split('?')[0] ?? '/';
    const index = balancer.pick(path, count++);
    const port = balancer.targets[index] ?? 0;
    balancer.served.push({ path, target: index });
    const forward = httpRequest({ host: '127.0.0.1', port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forward.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end('replica unreachable');
    });
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(balancer, {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return balancer;
}
