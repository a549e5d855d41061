import * as z from 'zod/mini';
import type { Trail, TrailKind } from './trail';

/**
 * One admin action that changed something: who, when, what (field names with non-secret
 * values before and after; secrets only as "replaced"), and the certificate that signs
 * afterwards. Written only by the admin API, after the caller passed the admin check, so
 * unauthenticated traffic can never add to it or push its records out.
 */
export const adminRecordSchema = z.object({
  at: z.string(),
  /** Forge: the Atlassian account ID of the resolver's caller; locally, how the caller got in. */
  actor: z.string(),
  action: z.string(),
  changes: z.array(z.object({ field: z.string(), before: z.optional(z.string()), after: z.optional(z.string()) })),
  /** SHA-256 fingerprint of the certificate signing after the action. */
  certificate: z.optional(z.string()),
  /** True when the action replaced the signing key because whom the bridge vouches for changed. */
  keyReplaced: z.optional(z.boolean()),
  /** A change of trust's stage: prepared (not in force), activated, rolled back, or discarded. */
  stage: z.optional(z.enum(['prepared', 'activated', 'rolled-back', 'discarded'])),
});

export type AdminRecord = z.infer<typeof adminRecordSchema>;
export type AdminTrail = Trail<AdminRecord>;

/** How many admin records the wizard lists, keeps and exports. */
export const RECENT_ADMIN_RECORDS_LIMIT = 50;

export const ADMIN_TRAIL: TrailKind<AdminRecord> = {
  prefix: 'admin',
  schema: adminRecordSchema,
  // A year: Forge's longest TTL, and longer than any key or secret lives.
  ttlSeconds: 365 * 24 * 60 * 60,
  capacity: 500,
  at: (record) => record.at,
};

/** Shown for a secret that changed: its value never enters the trail. */
export const REPLACED = 'replaced';
