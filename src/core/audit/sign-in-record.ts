import * as z from 'zod/mini';
import type { Trail, TrailKind } from './trail';

/**
 * One sign-in attempt, as the admin sees it in "recent sign-ins". Never holds tokens,
 * codes, secrets or raw request input: only what the bridge itself established.
 */
export const signInRecordSchema = z.object({
  /** ISO 8601 time of the attempt's outcome. */
  at: z.string(),
  kind: z.enum(['sp', 'idp', 'test']),
  outcome: z.enum(['signed-in', 'refused']),
  /** The stable error code of a refusal. */
  code: z.optional(z.string()),
  /** The NameID the bridge vouched for (a sign-in); never set on a refusal. */
  email: z.optional(z.string()),
  /** A refusal after a verified ID token: the email it claimed, as claimed (not vouched for by anyone)… */
  claimedEmail: z.optional(z.string()),
  /** …and the issuer of that token, so the admin reads who claimed it. */
  issuer: z.optional(z.string()),
  /** The SP Entity ID the sign-in was for. */
  sp: z.optional(z.string()),
  /** The directory (connection) it went to, when not the first. */
  connection: z.optional(z.string()),
  /** A refusal's short reference, as its error page shows it to the person (they send it to the admin). */
  reference: z.optional(z.string()),
  /** Which signing key signed the Response (certificateKeyId), for a sign-in that got one. */
  key: z.optional(z.string()),
});

export type SignInRecord = z.infer<typeof signInRecordSchema>;

/** Where sign-in attempts are kept: bounded in count and age by each implementation. */
export type AuditLog = Trail<SignInRecord>;

/** How long a sign-in record is kept. */
export const SIGN_IN_RECORD_TTL_SECONDS = 30 * 24 * 60 * 60;
/** How many records the wizard lists. */
export const RECENT_SIGN_INS_LIMIT = 50;
/** How many records are kept at most, and exported. */
export const SIGN_IN_EXPORT_LIMIT = 500;

export const SIGN_IN_TRAIL: TrailKind<SignInRecord> = {
  prefix: 'signin',
  schema: signInRecordSchema,
  ttlSeconds: SIGN_IN_RECORD_TTL_SECONDS,
  capacity: SIGN_IN_EXPORT_LIMIT,
  at: (record) => record.at,
};
