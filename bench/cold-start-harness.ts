// Cold start, the way Forge runs a web trigger: a fresh process loads one function's bundled
// module (bench/cold/<function>.ts imports that module only) and answers its first request.
// Storage is an in-memory @forge/kvs double seeded by the benchmark, and Entra ID is stubbed:
// no network. Prints ms since the process started.
import type { WebTriggerRequest, WebTriggerResponse } from '@forge/api';
import { deflateRawSync } from 'node:zlib';
import type { ForgeRuntimeOptions } from '../src/forge/bridge-runtime';
import type { ForgePlatform } from '../src/forge/platform';
import { KvsDouble } from '../testkit/kvs-double';
import { stubEntra } from './stub-entra';

export interface Seed {
  plain: [string, string][];
  secrets: [string, string][];
  tenant: string;
  client: string;
  request: string;
  jwk: Record<string, string>;
  kid: string;
  callback?: { state: string; cookie: string; code: string; token: string };
}

export type Trigger = (platform: ForgePlatform, options: ForgeRuntimeOptions) => (request: WebTriggerRequest) => Promise<WebTriggerResponse>;
export type ColdFunction = 'sso' | 'callback' | 'metadata' | 'health';

/** The first request of a function, as Forge would hand it over. */
function firstRequest(fn: ColdFunction, seed: Seed): WebTriggerRequest {
  if (fn === 'callback') {
    const call = seed.callback;
    if (call === undefined) throw new Error('no callback in the seed');
    return { method: 'POST', path: '/', body: new URLSearchParams({ code: call.code, state: call.state }).toString(), headers: { 'content-type': ['application/x-www-form-urlencoded'], cookie: [call.cookie] }, queryParameters: {} };
  }
  if (fn !== 'sso') return { method: 'GET', path: '/', body: '', headers: {}, queryParameters: {} };
  const request = deflateRawSync(Buffer.from(seed.request.replace('{{INSTANT}}', new Date().toISOString()))).toString('base64');
  return { method: 'GET', path: '/', body: '', headers: {}, queryParameters: { SAMLRequest: [request] } };
}

export function coldStart(fn: ColdFunction, trigger: Trigger): void {
  const seed = JSON.parse(process.env['BENCH_SEED'] ?? '{}') as Seed;
  const kvs = new KvsDouble();
  for (const [key, json] of seed.plain) kvs.plain.set(key, { json });
  for (const [key, json] of seed.secrets) kvs.secrets.set(key, { json });
  // The stand-in's key comes made: generating one is the stub's cost, not the bridge's.
  const entra = stubEntra('https://login.microsoftonline.com', seed.tenant, seed.client, seed.jwk, seed.kid);
  if (seed.callback !== undefined) entra.acceptCode(seed.callback.code, seed.callback.token);
  const platform: ForgePlatform = {
    kvs: kvs.api,
    installation: () => 'bench-installation',
    webTriggerUrl: async (key) => `https://bridge.example.net/${key}`,
    requestJiraAsUser: async () => ({ ok: false, status: 500, json: async () => ({}) }),
  };
  void trigger(platform, { fetch: entra.fetch, logger: { info: () => undefined, warn: () => undefined } })(firstRequest(fn, seed)).then((response) => {
    const expected = fn === 'sso' ? 302 : 200;
    if (response.statusCode !== expected) throw new Error(`first ${fn} request answered ${response.statusCode}: ${response.body ?? ''}`);
    process.stdout.write(`${performance.now().toFixed(1)}\n`);
  });
}
