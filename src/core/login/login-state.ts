import * as z from 'zod';
import { bridgeConfigSchema } from '../config/schema';

/** How long a person has between leaving for Entra ID and coming back. */
export const LOGIN_STATE_TTL_SECONDS = 600;

/**
 * What the bridge remembers of a sign-in while the person is at Entra ID, under the OAuth
 * `state` value. Read back through zod: the store is a boundary too.
 */
export const loginStateSchema = z.object({
  version: z.literal(1),
  /** `sp`: answers Guard's AuthnRequest; `idp`: IdP-initiated; `test`: the wizard's test sign-in. */
  kind: z.enum(['sp', 'idp', 'test']),
  /** The wizard's ticket, for a test sign-in: where its result is kept. */
  testTicket: z.string().optional(),
  /** The AuthnRequest's ID, for InResponseTo (SP-initiated only). */
  requestId: z.string().optional(),
  /** The connection (directory) the sign-in went to; absent: the first one. */
  connectionId: z.string().optional(),
  /**
   * The configuration the sign-in started with. The callback finishes with it, so a sign-in
   * is never half old and half new settings, and the callback needs no configuration read.
   */
  config: bridgeConfigSchema,
  /** The secrets version in force when the sign-in started. */
  secretsVersion: z.string(),
  relayState: z.string().optional(),
  forceAuthn: z.boolean(),
  /** IsPassive: Entra must not interact; if it would have to, Guard gets a NoPassive status. */
  isPassive: z.boolean().optional(),
  /** Milliseconds since the epoch when the sign-in started: a forced sign-in must authenticate after it. */
  startedAt: z.number().int().optional(),
  codeVerifier: z.string().min(43).max(128),
  nonce: z.string().min(16),
  /** SHA-256 of the browser-binding cookie: proves the callback comes from the same browser. */
  browserBindingHash: z.string(),
  /** Milliseconds since the epoch; checked even if the store has not purged the record yet. */
  expiresAt: z.number().int(),
});

export type LoginState = z.infer<typeof loginStateSchema>;

/** The store key of a login state; `state` values are base64url from openid-client. */
export function loginStateKey(state: string): string {
  return `login-state:${state}`;
}

/** openid-client's randomState() is 43 base64url characters; accept a little room, nothing else. */
export function isWellFormedState(state: string): boolean {
  return /^[A-Za-z0-9_-]{16,128}$/.test(state);
}
