import { readFile } from 'node:fs/promises';
import * as z from 'zod/mini';
import { bridgeConfigSchema, entraSettingsSchema, type BridgeConfig } from '../core/config/schema';

/**
 * The --config file: the wizard's schema, with the credential beside the Entra ID settings:
 * `clientCredential` is `certificate` (the bridge's own, made once and kept in the data
 * folder) or `secret` (`clientSecret`, or ENTRA_CLIENT_SECRET).
 */
const configFileSchema = z.safeExtend(bridgeConfigSchema, {
  entra: z.extend(entraSettingsSchema, {
    clientSecret: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(1024))),
    clientCredential: z.optional(z.enum(['secret', 'certificate'])),
  }),
});

export interface LocalConfiguration {
  readonly config: BridgeConfig;
  /** What sign-ins present at Entra ID. Left out of the file: the secret when one is given, else the certificate. */
  readonly clientCredential: 'secret' | 'certificate';
  readonly clientSecret?: string;
}

/** Field-level messages, one per line, e.g. `entra.tenantId: The Directory (tenant) ID is a GUID…`. */
export type ConfigFileResult = { ok: true; value: LocalConfiguration } | { ok: false; messages: string[] };

/**
 * Reads and checks a configuration file. The client secret may instead come from the
 * environment (ENTRA_CLIENT_SECRET), so the file can be committed without it; with neither,
 * the bridge's own client certificate is the credential.
 */
export async function readConfigFile(path: string, environmentSecret: string | undefined): Promise<ConfigFileResult> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    const reason = (error as { code?: unknown }).code === 'ENOENT' ? 'the file does not exist' : 'the file is not valid JSON';
    return { ok: false, messages: [`${path}: ${reason}`] };
  }
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, messages: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`) };
  }
  if ((parsed.data.connections ?? []).length > 0) {
    return { ok: false, messages: ['connections: add further directories in the admin wizard (the file cannot carry their client secrets)'] };
  }
  const { clientSecret, clientCredential, ...entra } = parsed.data.entra;
  const secret = environmentSecret === '' ? clientSecret : (environmentSecret ?? clientSecret);
  const credential = clientCredential ?? (secret === undefined ? 'certificate' : 'secret');
  if (credential === 'secret' && secret === undefined) {
    return { ok: false, messages: ['entra.clientSecret: set it in the file or in ENTRA_CLIENT_SECRET (or choose "clientCredential": "certificate")'] };
  }
  return { ok: true, value: { config: { entra, guard: parsed.data.guard }, clientCredential: credential, ...(secret !== undefined && { clientSecret: secret }) } };
}
