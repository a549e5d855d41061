import * as z from 'zod';
import { additionalConnectionSchema, checkConnections, entraSettingsSchema, guardSettingsSchema, MAX_ADDITIONAL_CONNECTIONS } from '../config/schema';

/**
 * The configuration as a file to move between sites or environments: the connections and
 * Guard's settings, never a client secret or the signing key (each site makes its own key,
 * and the secrets are pasted again). Format 2 carries the further connections; a format-1
 * file (one Entra ID tenant, from earlier versions) is still read, as a setup with no
 * further connections.
 */
export const PORTABLE_FORMAT = 'entra-guard-sso-bridge/configuration@2';
const PORTABLE_FORMAT_1 = 'entra-guard-sso-bridge/configuration@1';

const version1 = z.strictObject({ format: z.literal(PORTABLE_FORMAT_1), entra: entraSettingsSchema, guard: guardSettingsSchema });
const version2 = z
  .strictObject({
    format: z.literal(PORTABLE_FORMAT),
    entra: entraSettingsSchema,
    guard: guardSettingsSchema,
    connections: z.array(additionalConnectionSchema).max(MAX_ADDITIONAL_CONNECTIONS).default([]),
  })
  .superRefine((file, context) => checkConnections(file, context));

export const portableConfigurationSchema = z.union([version2, version1]).transform((file) => ({
  format: PORTABLE_FORMAT,
  entra: file.entra,
  guard: file.guard,
  connections: 'connections' in file ? file.connections : [],
}));

export type PortableConfiguration = z.output<typeof portableConfigurationSchema>;
