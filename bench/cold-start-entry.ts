// Cold start, the way Forge runs a web trigger: a fresh process loads the bundled handler
// module and answers its first request. Storage is an in-memory @forge/kvs double seeded by
// the benchmark, and Entra ID is stubbed: no network. Prints ms since the process started.
import { deflateRawSync } from 'node:zlib';
import { createForgeBridge } from '../src/forge/bridge-runtime';
import { KvsDouble } from '../test/support/kvs-double';
import { stubEntra } from './stub-entra';

if (process.env['BENCH_PHASES']) process.stderr.write(`loaded ${performance.now().toFixed(1)}\n`);
const seed = JSON.parse(process.env['BENCH_SEED'] ?? '{}') as { plain: [string, string][]; secrets: [string, string][]; tenant: string; client: string; request: string; jwk: Record<string, string> };
const kvs = new KvsDouble();
for (const [key, json] of seed.plain) kvs.plain.set(key, { json });
for (const [key, json] of seed.secrets) kvs.secrets.set(key, { json });
// The stand-in's key comes made: generating one is the stub's cost, not the bridge's.
const entra = stubEntra('https://login.microsoftonline.com', seed.tenant, seed.client, seed.jwk);
const bridge = createForgeBridge(
  { kvs: kvs.api, installation: () => "bench-installation", webTriggerUrl: async (key) => `https://bridge.example.net/${key}`, requestJiraAsUser: async () => ({ ok: false, status: 500, json: async () => ({}) }) },
  { fetch: entra.fetch, logger: { info: () => undefined, warn: () => undefined } },
);
const request = deflateRawSync(Buffer.from(seed.request.replace('{{INSTANT}}', new Date().toISOString()))).toString('base64');
void bridge.sso({ method: 'GET', path: '/', body: '', headers: {}, queryParameters: { SAMLRequest: [request] } }).then((response) => {
  if (response.statusCode !== 302) throw new Error(`first request answered ${response.statusCode}: ${response.body ?? ''}`);
  process.stdout.write(`${performance.now().toFixed(1)}\n`);
});
