import { z } from 'zod';
import { entraSettingsSchema, guardSettingsSchema } from '../config/schema';

/**
 * The configuration as a file to move between sites or environments: the Entra ID and
 * Guard settings, never the client secret or the signing key (each site makes its own key,
 * and the secret is pasted again).
 */
export const PORTABLE_FORMAT = 'entra-guard-sso-bridge/configuration@1';

export const portableConfigurationSchema = z
  .object({
    format: z.literal(PORTABLE_FORMAT),
    entra: entraSettingsSchema,
    guard: guardSettingsSchema,
  })
  .strict();

export type PortableConfiguration = z.infer<typeof portableConfigurationSchema>;
