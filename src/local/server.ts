import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createBridgeHandlers, type BridgeHandlers } from '../core/endpoints/handlers';
import { adminDependenciesOf, createBridge, type BridgePorts } from '../core/endpoints/create-bridge';
import { endpointsAt, routeOfPath } from '../core/endpoints/routes';
import { renderErrorPage } from '../core/http/error-page';
import type { Clock, Fetch, Logger } from '../core/kernel/ports';
import { systemClock } from '../core/kernel/ports';
import { internalError } from '../core/kernel/internal-error';
import { createAdminApi, type AdminApi } from '../core/setup/action-table';
import { refuse as refusal } from '../core/setup/api-result';
import type { BridgeEndpoints } from '../core/setup/stored-setup';
import { invokeLocally, isAdminToken } from './admin-endpoint';
import type { Demo, DemoFactory } from './demo-seam';
import { BodyTooLargeError, readBody, send, sendJson, toHttpRequest } from './http-adapter';
import type { LocalConfiguration } from './config-file';
import { CountedRefusalTally, createMetrics } from './metrics';
import { InFlight, ReadinessProbe, sendMetrics, sendReadiness } from './operations';
import { adminAsset, landingPage, notFoundPage } from './pages';
import { openStores, type StoreChoice } from './stores';

export interface LocalServerOptions {
  readonly host: string;
  readonly port: number;
  /** The address browsers use, when it differs from http://{host}:{port} (a TLS proxy, or localhost). */
  readonly publicUrl?: string;
  readonly dataDir: string;
  /** Stand-ins served next to the bridge, which is set up against them (the demo's, src/demo); otherwise `configuration` or what is saved. */
  readonly demo?: DemoFactory;
  readonly configuration?: LocalConfiguration;
  readonly adminToken?: string;
  readonly wizardBuildDir?: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly fetch?: Fetch;
  /** Where state lives: the data folder (default), or PostgreSQL shared by replicas. */
  readonly store?: StoreChoice;
  /** A separate address for /metrics, served there without the admin token. */
  readonly metricsAddress?: { readonly host: string; readonly port: number };
  /** How long a stop waits for requests in flight (default 10 s). */
  readonly drainMs?: number;
}

export interface LocalServer {
  readonly url: string;
  readonly adminToken: string;
  readonly adminUrl: string;
  readonly demo: boolean;
  /** When sign-ins present the bridge's own certificate: its thumbprint, and the file to upload (with the file store). */
  readonly clientCertificate?: { readonly file?: string; readonly thumbprintSha1: string };
  /** The separate metrics address, when one was asked for. */
  readonly metricsUrl?: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
/** An admin call may carry the largest configuration the schema allows (an import of 20 directories): read only after its token is checked. */
const MAX_ADMIN_BODY_BYTES = 1024 * 1024;

/** The actor the admin trail names for calls with the admin token. */
export const LOCAL_ADMIN_ACTOR = 'local admin token';

/**
 * Settings given at start (the demo's, or --config) are the operator's own: whoever edits the
 * server's files holds more than any admin. A change of trust there is confirmed, replaces
 * the key like any other, and is on the admin trail as the configuration file's.
 */
const CONFIRMED = { confirmTrustChange: true } as const;

async function applySetup(api: AdminApi, demo: Demo | undefined, configuration: LocalConfiguration | undefined): Promise<void> {
  if (demo !== undefined) return demo.setUp(api);
  // Nothing given: the admin sets the bridge up in the wizard, signing key included.
  if (configuration === undefined) return;
  for (const step of [
    () => api.saveEntraStep({ ...configuration.config.entra, clientSecret: configuration.clientSecret, clientCredential: configuration.clientCredential, ...CONFIRMED }),
    () => api.saveGuardStep({ ...configuration.config.guard, ...CONFIRMED }),
  ]) {
    const answer = await step();
    if (!answer.ok) throw new Error(`setup refused: ${answer.error.code} ${JSON.stringify(answer.error.fields ?? {})}`);
  }
  const setup = await api.getSetup();
  if (setup.ok && setup.value.signing === undefined) await api.createSigningKey();
}

/**
 * With the certificate as the credential, its public half goes into the data folder as
 * `entra-client-certificate.cer` (PEM, which Entra ID's *Upload certificate* takes), so an
 * operator who set the bridge up from a file can upload it without opening the wizard.
 */
async function publishClientCertificate(api: AdminApi, dataDir: string | undefined): Promise<LocalServer['clientCertificate']> {
  const setup = await api.getSetup();
  const certificate = setup.ok && setup.value.clientCredential === 'certificate' ? setup.value.clientCertificate : undefined;
  if (certificate === undefined) return undefined;
  // With a shared store nothing of the bridge's goes to the data folder: the wizard offers the download.
  if (dataDir === undefined) return { thumbprintSha1: certificate.thumbprintSha1 };
  const file = join(dataDir, CLIENT_CERTIFICATE_FILE);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFile(file, certificate.certificatePem, { mode: 0o644 });
  return { file, thumbprintSha1: certificate.thumbprintSha1 };
}

export const CLIENT_CERTIFICATE_FILE = 'entra-client-certificate.cer';

/** Starts the bridge on node:http: the same handlers as the Forge app, an embedded store, and the demo. */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? { info: () => undefined, warn: () => undefined };
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
  const dataDir = options.demo !== undefined ? join(options.dataDir, 'demo') : options.dataDir;
  const wizardBuildDir = options.wizardBuildDir ?? join(process.cwd(), 'static', 'wizard', 'build');

  let routes: ((request: IncomingMessage, response: ServerResponse) => Promise<void>) | undefined;
  // Room for a Redirect-binding query up to the intake's own caps, so an oversize request
  // gets the bridge's page (413 with its code) rather than a bare 431 from node:http.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, (request, response) => {
    if (routes === undefined) {
      send(response, renderErrorPage({ code: 'LOGIN_NOT_CONFIGURED', detail: 'the server is starting' }));
      return;
    }
    routes(request, response).catch((error: unknown) => {
      const fault = internalError(logger, `local ${request.method ?? ''} ${routeName(request.url ?? '')}`, error);
      if (!response.headersSent) send(response, renderErrorPage(fault));
      else response.destroy();
    });
  });
  // Slow or stalled clients are cut off; a sign-in request is small and quick.
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  server.setTimeout(20_000, (socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const publicUrl = (options.publicUrl ?? `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`).replace(/\/+$/, '');
  const endpoints = endpointsAt(publicUrl);

  const stores = await openStores(options.store ?? { kind: 'files', dataDir }, clock).catch((error: unknown) => {
    server.close();
    throw error;
  });
  const metrics = createMetrics(() => stores.setup);
  const setup = metrics.counted(stores.setup, 'setup');
  const loginStore = metrics.counted(stores.login, 'login');
  const audit = metrics.countedAudit(metrics.counted(stores.audit, 'sign-ins'));
  const refusalTrail = metrics.counted(stores.refusalTrail, 'refusals');
  const adminTrail = metrics.counted(stores.adminTrail, 'admin-trail');
  const ports: BridgePorts = {
    stores: { setup, logins: loginStore, audit, adminTrail, refusalTrail },
    clock,
    logger,
    timeoutSeconds: 10,
    ...(options.fetch !== undefined && { fetch: options.fetch }),
    endpoints: async () => endpoints,
    settingsCacheMs: stores.settingsCacheMs,
    refusals: new CountedRefusalTally(refusalTrail, clock, metrics),
    certificateName: 'Entra ID SSO bridge (local)',
  };
  const bridge: BridgeHandlers = createBridgeHandlers(createBridge(ports));
  // The admin trail names how the caller got in: the local runtime has no user accounts.
  const apiFor = (actor: string) => createAdminApi(adminDependenciesOf(ports, actor, () => bridge.forgetSettings()));
  const api = apiFor(LOCAL_ADMIN_ACTOR);

  const demo = options.demo?.({ publicUrl, endpoints, signingCertificate: async () => (await setup.readConfig())?.signing?.certificatePem });

  const inFlight = new InFlight();
  const readiness = new ReadinessProbe(stores, () => clock.now().getTime());
  let draining = false;
  let metricsServer: Server | undefined;
  const stopAll = async () => {
    await stores.close().catch(() => undefined);
    metricsServer?.close();
  };

  try {
    const startApi = apiFor(options.demo ? 'demo set-up at start' : 'configuration file at start');
    // Replicas starting together against one store set it up one at a time: the first
    // commits the configuration and the key, the others find them saved and change nothing.
    await stores.exclusive(() => applySetup(startApi, demo, options.configuration));
  } catch (error) {
    server.close();
    await stopAll();
    throw error;
  }

  const clientCertificate = demo !== undefined ? undefined : await publishClientCertificate(api, stores.kind === 'files' ? dataDir : undefined);

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', publicUrl);
    if (demo !== undefined && (await demo.handle(request, response, url))) return;
    if (url.pathname === '/readyz') return sendReadiness(response, readiness, draining);
    if (url.pathname === '/metrics') return sendMetrics(response, metrics, request.headers.authorization, adminToken);
    // A stranger's admin call is refused before its body is read.
    const adminCall = url.pathname === '/api/invoke' && request.method === 'POST';
    if (adminCall && !isAdminToken(request.headers.authorization, adminToken)) return sendJson(response, 403, refusal('LOCAL_ADMIN_TOKEN_REFUSED'));
    let body = '';
    try {
      body = await readBody(request, adminCall ? MAX_ADMIN_BODY_BYTES : MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) send(response, renderErrorPage({ code: 'HTTP_BODY_TOO_LARGE' }));
      else response.destroy();
      return;
    }
    const path = url.pathname;
    const endpoint = routeOfPath(path);
    const http = { ...toHttpRequest(request, url, body), ...(endpoint !== undefined && { pathSuffix: endpoint.suffix }) };
    const method = http.method.toUpperCase();
    if (path === '/') return send(response, landingPage(demo?.landingLinks));
    if (path === '/favicon.ico') return send(response, { status: 204, headers: { 'Cache-Control': 'max-age=86400' }, body: '' });
    // Each endpoint answers a path after its own (only the callback and the site check take one).
    if (endpoint !== undefined) return send(response, await bridge[endpoint.route.hop](http));
    if (path === '/admin') return send(response, { status: 301, headers: { Location: '/admin/' }, body: '' });
    if (path.startsWith('/admin/') && method === 'GET') return send(response, await adminAsset(wizardBuildDir, path.slice('/admin/'.length)));
    if (path === '/api/invoke' && method === 'POST') {
      const { status, answer } = await invokeLocally(api, request.headers.authorization, adminToken, body);
      return sendJson(response, status, answer);
    }
    send(response, notFoundPage());
  };
  // Each request is timed and logged by route (never with its query: it may carry a SAMLRequest or a code).
  routes = (request, response) => {
    const started = performance.now();
    const route = routeName(request.url ?? '/');
    response.once('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      metrics.observe(route, seconds, response.statusCode);
      logger.info('http.request', { method: request.method ?? '', route, status: response.statusCode, ms: Math.round(seconds * 1000) });
    });
    return inFlight.track(handle(request, response));
  };

  metricsServer =
    options.metricsAddress === undefined
      ? undefined
      : createServer((request, response) => {
          if (new URL(request.url ?? '/', 'http://metrics').pathname === '/metrics') void sendMetrics(response, metrics, undefined, undefined);
          else response.writeHead(404).end();
        });
  let metricsUrl: string | undefined;
  const listening = metricsServer;
  if (listening !== undefined && options.metricsAddress !== undefined) {
    const address = options.metricsAddress;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(address.port, address.host, () => resolve());
    });
    metricsUrl = `http://${address.host}:${(listening.address() as AddressInfo).port}/metrics`;
  }

  return {
    url: publicUrl,
    adminToken,
    adminUrl: `${publicUrl}/admin/#token=${adminToken}`,
    demo: demo !== undefined,
    ...(clientCertificate !== undefined && { clientCertificate }),
    ...(metricsUrl !== undefined && { metricsUrl }),
    // A stop drains: /readyz says so at once, no new connection is taken, requests in
    // flight finish (up to drainMs), then the rest is cut and the store closed.
    async close() {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await inFlight.idle(options.drainMs ?? 10_000);
      server.closeAllConnections();
      await closed;
      await stopAll();
    },
  };
}

/** A route's name for logs and metrics: its path, with the demo's paths and endpoints' suffixes folded together. */
function routeName(url: string): string {
  const path = url.split('?')[0] ?? '/';
  if (path.startsWith('/demo/')) return `/demo/${path.split('/')[2] ?? ''}`;
  if (path.startsWith('/admin/')) return '/admin/';
  const endpoint = routeOfPath(path);
  if (endpoint !== undefined) return endpoint.route.path;
  return ['/', '/readyz', '/metrics', '/api/invoke', '/favicon.ico'].includes(path) ? path : 'other';
}
