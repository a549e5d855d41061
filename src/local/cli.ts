import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { keptAdminToken } from './admin-token-file';
import { readConfigFile, type LocalConfiguration } from './config-file';
import { loadEncryptionKey } from './postgres/encryption';
import { startLocalServer } from './server';
import type { StoreChoice } from './stores';
import type { DemoFactory } from './demo-seam';

/**
 * The bridge on this machine, from the command line: what --config gives or what is saved.
 * With the demo's stand-ins (`npm start`, src/demo/main.ts): demo mode when nothing is saved
 * or with --demo. Without them (dist/local.mjs, the container image) a bridge with nothing
 * saved waits for its admin in the wizard.
 */
const USAGE = `Usage: npm start -- [--port N] [--host ADDRESS] [--data-dir DIR] [--config FILE] [--demo | --blank] [--public-url URL]
                    [--store postgres://…] [--encryption-key-file FILE] [--metrics-port N] [--metrics-host ADDRESS]
Environment: PORT, HOST, DATA_DIR, PUBLIC_URL, ADMIN_TOKEN, ENTRA_CLIENT_SECRET, DATABASE_URL,
             BRIDGE_ENCRYPTION_KEY, BRIDGE_ENCRYPTION_KEY_FILE, METRICS_PORT, METRICS_HOST`;

/** The shortest admin token accepted from ADMIN_TOKEN (a generated one is 32 characters). */
const MIN_ADMIN_TOKEN_LENGTH = 32;

function fail(lines: readonly string[]): never {
  for (const line of lines) console.error(line);
  process.exit(1);
}

async function main(standIns: DemoFactory | undefined): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        demo: { type: 'boolean' },
        blank: { type: 'boolean' },
        'public-url': { type: 'string' },
        store: { type: 'string' },
        'encryption-key-file': { type: 'string' },
        'metrics-port': { type: 'string' },
        'metrics-host': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail([error instanceof Error ? error.message : String(error), USAGE]);
  }
  if (args.help === true) {
    console.log(USAGE);
    return;
  }
  const port = Number(args.port ?? process.env['PORT'] ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail([`--port: ${String(args.port ?? process.env['PORT'])} is not a port number`, USAGE]);
  const host = args.host ?? process.env['HOST'] ?? '127.0.0.1';
  const dataDir = resolve(args['data-dir'] ?? process.env['DATA_DIR'] ?? '.data');

  let configuration: LocalConfiguration | undefined;
  if (args.config !== undefined) {
    const read = await readConfigFile(args.config, process.env['ENTRA_CLIENT_SECRET']);
    if (!read.ok) fail([`The configuration file ${args.config} was refused:`, ...read.messages.map((m) => `  ${m}`)]);
    configuration = read.value;
  }
  // Demo mode when nothing is saved: in the data folder, or (a shared store) when no --config is given and --demo asks.
  const sharedStore = (args.store ?? process.env['DATABASE_URL'] ?? '') !== '';
  if (args.demo === true && standIns === undefined) fail(['--demo: this build carries no demo; npm start runs it (dist/demo.mjs).']);
  if (args.demo === true && args.blank === true) fail(['--demo and --blank: choose one (--blank opens an empty wizard for a real setup).', USAGE]);
  // --blank: a real setup from an empty wizard, whatever is saved, never the demo.
  const demo = standIns !== undefined && args.blank !== true && (args.demo === true || (!sharedStore && configuration === undefined && !existsSync(join(dataDir, 'config.json'))));
  // Entra ID accepts plain http only for localhost redirect URIs.
  const publicUrl = args['public-url'] ?? process.env['PUBLIC_URL'] ?? (host === '127.0.0.1' && port !== 0 ? `http://localhost:${port}` : undefined);

  const givenToken = process.env['ADMIN_TOKEN'];
  // The admin token stands where Jira's admin check stands: a guessable one is refused.
  if (givenToken !== undefined && givenToken.length < MIN_ADMIN_TOKEN_LENGTH) {
    fail([`ADMIN_TOKEN is ${givenToken.length} characters long; use at least ${MIN_ADMIN_TOKEN_LENGTH} (for example: openssl rand -base64 32).`]);
  }

  // --store wins over DATABASE_URL; with neither, the data folder as always.
  const storeUrl = args.store ?? process.env['DATABASE_URL'];
  let store: StoreChoice | undefined;
  if (storeUrl !== undefined && storeUrl !== '') {
    if (!/^postgres(ql)?:\/\//.test(storeUrl)) fail([`--store: ${storeUrl.replace(/\/\/[^@/]*@/, '//…@')} is not a postgres:// URL`, USAGE]);
    const key = await loadEncryptionKey(process.env['BRIDGE_ENCRYPTION_KEY'], args['encryption-key-file'] ?? process.env['BRIDGE_ENCRYPTION_KEY_FILE']);
    if (!key.ok) fail([`The bridge cannot start: ${key.message}.`]);
    store = { kind: 'postgres', url: storeUrl, encryptionKey: key.key };
  }
  const metricsPort = args['metrics-port'] ?? process.env['METRICS_PORT'];
  if (metricsPort !== undefined && !/^\d{1,5}$/.test(metricsPort)) fail([`--metrics-port: ${metricsPort} is not a port number`, USAGE]);
  const metricsAddress = metricsPort === undefined ? undefined : { host: args['metrics-host'] ?? process.env['METRICS_HOST'] ?? '127.0.0.1', port: Number(metricsPort) };

  // The operator's ADMIN_TOKEN, or the one kept in the data folder (made at the first start).
  const kept = givenToken === undefined ? await keptAdminToken(dataDir) : undefined;
  const adminToken = givenToken ?? kept?.token;
  const server = await startLocalServer({
    host,
    port,
    dataDir,
    ...(demo && { demo: standIns }),
    ...(publicUrl !== undefined && { publicUrl }),
    ...(configuration !== undefined && { configuration }),
    ...(adminToken !== undefined && { adminToken }),
    ...(store !== undefined && { store }),
    ...(metricsAddress !== undefined && { metricsAddress }),
    logger: {
      info: (event, fields) => console.log(JSON.stringify({ at: new Date().toISOString(), event, ...fields })),
      warn: (event, fields) => console.warn(JSON.stringify({ at: new Date().toISOString(), event, ...fields })),
    },
  });

  // Handlers first: a process manager may stop the bridge as soon as it says it runs.
  const stop = (signal: string) => {
    console.log(JSON.stringify({ at: new Date().toISOString(), event: 'server.stopping', signal }));
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  console.log(`Entra ID SSO bridge running at ${server.url}${demo ? ' (demo mode)' : ''}`);
  if (demo) console.log(`  Try a sign-in:  ${server.url}/demo/guard/   (pick Alice; Mallory, Eve and Dave show refusals)`);
  // The token is printed once, when it is made; a token the operator chose, or one kept from
  // an earlier start, is theirs to know (logs outlive terminals): the page asks for it.
  console.log(`  Admin wizard:   ${kept?.generated === true ? server.adminUrl : `${server.url}/admin/  (the admin token: ${kept === undefined ? 'ADMIN_TOKEN' : kept.file})`}`);
  console.log(`  IdP metadata:   ${server.url}/saml/metadata`);
  console.log(`  Data:           ${store !== undefined ? 'PostgreSQL (--store / DATABASE_URL)' : demo ? join(dataDir, 'demo') : dataDir}`);
  if (server.metricsUrl !== undefined) console.log(`  Metrics:        ${server.metricsUrl}`);
  if (server.clientCertificate !== undefined) {
    console.log(`  Client certificate for Entra ID: ${server.clientCertificate.file ?? 'download it on the admin page, step 1'} (thumbprint ${server.clientCertificate.thumbprintSha1})`);
    console.log('    upload it at App registrations → your app → Certificates & secrets → Certificates → Upload certificate');
  }
  console.log('Press Ctrl+C to stop.');

}

/** Runs the bridge as the command line asks, with the given stand-ins if any (the demo's entry point gives them). */
export function runBridgeCommand(standIns?: DemoFactory): void {
  main(standIns).catch((error: unknown) => fail([`The bridge could not start: ${error instanceof Error ? error.message : String(error)}`]));
}
