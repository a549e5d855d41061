import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import type { BridgeConfig } from '../config/schema';
import type { Connection } from './connections';

/** How long a person has between leaving for Entra ID and coming back. */
export const LOGIN_STATE_TTL_SECONDS = 600;

/**
 * The most a login state may take in storage, whatever the configuration: it holds a few
 * random values, the AuthnRequest's ID (at most 256 characters) and a RelayState (at most
 * 80 bytes), never settings. Every unauthenticated start writes one, so this bound times the
 * stores' own bounds is all that strangers can fill (README, security).
 */
export const MAX_LOGIN_STATE_BYTES = 2048;

/**
 * What the bridge remembers of a sign-in while the person is at their directory, under the
 * OAuth `state` value: only what the callback needs to finish it. Read back through a check
 * as strict as this schema (readLoginState): the store is a boundary too.
 */
export const loginStateSchema = z.object({
  version: z.literal(2),
  /** `sp`: answers Guard's AuthnRequest; `idp`: IdP-initiated; `test`: the wizard's test sign-in. */
  kind: z.enum(['sp', 'idp', 'test']),
  /** The wizard's ticket, for a test sign-in: where its result is kept. */
  testTicket: z.optional(z.string()),
  /** The AuthnRequest's ID, for InResponseTo (SP-initiated only). */
  requestId: z.optional(z.string()),
  /** The connection (directory) the sign-in went to: its callback URL must be the one that answers. */
  connectionId: z.string(),
  /**
   * The digest of the settings the sign-in started under (settingsDigestOf): the callback
   * finishes only under the same ones, so a sign-in is never half old and half new settings.
   */
  settingsDigest: z.string(),
  /** The secrets version in force when the sign-in started. */
  secretsVersion: z.string(),
  relayState: z.optional(z.string()),
  forceAuthn: z.boolean(),
  /** IsPassive: Entra must not interact; if it would have to, Guard gets a NoPassive status. */
  isPassive: z.optional(z.boolean()),
  /** Milliseconds since the epoch when the sign-in started: a forced sign-in must authenticate after it. */
  startedAt: z.int(),
  codeVerifier: z.string().check(z.minLength(43), z.maxLength(128)),
  nonce: z.string().check(z.minLength(16)),
  /** SHA-256 of the browser-binding cookie: proves the callback comes from the same browser. */
  browserBindingHash: z.string(),
  /** Milliseconds since the epoch; checked even if the store has not purged the record yet. */
  expiresAt: z.int(),
});

export type LoginState = z.infer<typeof loginStateSchema>;

/**
 * The settings a sign-in through `connection` depends on: that directory (its provider,
 * client, domains and claim rules) and Guard's side (the SP and its ACS URL). A digest, not
 * the settings: a start costs the same few hundred bytes whatever the configuration holds.
 */
export function settingsDigestOf(config: BridgeConfig, connection: Connection): string {
  return createHash('sha256').update(JSON.stringify([connection, config.guard.spEntityId, config.guard.acsUrl])).digest('base64url');
}

const KINDS: readonly unknown[] = ['sp', 'idp', 'test'] satisfies LoginState['kind'][];
const isString = (value: unknown): value is string => typeof value === 'string';
const isOptional = <T>(value: unknown, is: (value: unknown) => value is T): value is T | undefined => value === undefined || is(value);
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);

/** A login state written by an earlier version of the bridge (it held the whole configuration). */
export function isEarlierLoginState(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { version?: unknown }).version === 1;
}

/**
 * A login state read back from the store, checked field by field as loginStateSchema says
 * (test/core/signin/login-state.test.ts holds the two to the same answers): the callback's
 * hot path, where zod costs more than the check itself.
 */
export function readLoginState(raw: unknown): LoginState | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const { testTicket, requestId, connectionId, settingsDigest, relayState, isPassive, startedAt, codeVerifier, nonce } = r;
  if (r['version'] !== 2 || !KINDS.includes(r['kind'])) return undefined;
  if (!isOptional(testTicket, isString) || !isOptional(requestId, isString) || !isString(connectionId) || !isString(settingsDigest) || !isOptional(relayState, isString)) return undefined;
  if (!isString(r['secretsVersion']) || !isBoolean(r['forceAuthn']) || !isOptional(isPassive, isBoolean) || !isInteger(startedAt)) return undefined;
  if (!isString(codeVerifier) || codeVerifier.length < 43 || codeVerifier.length > 128 || !isString(nonce) || nonce.length < 16) return undefined;
  if (!isString(r['browserBindingHash']) || !isInteger(r['expiresAt'])) return undefined;
  return {
    version: 2,
    kind: r['kind'] as LoginState['kind'],
    ...(testTicket !== undefined && { testTicket }),
    ...(requestId !== undefined && { requestId }),
    connectionId,
    settingsDigest,
    secretsVersion: r['secretsVersion'],
    ...(relayState !== undefined && { relayState }),
    forceAuthn: r['forceAuthn'],
    ...(isPassive !== undefined && { isPassive }),
    startedAt,
    codeVerifier,
    nonce,
    browserBindingHash: r['browserBindingHash'],
    expiresAt: r['expiresAt'],
  };
}

/** The store key of a login state; `state` values are base64url from openid-client. */
export function loginStateKey(state: string): string {
  return `login-state:${state}`;
}

/** openid-client's randomState() is 43 base64url characters; accept a little room, nothing else. */
export function isWellFormedState(state: string): boolean {
  return /^[A-Za-z0-9_-]{16,128}$/.test(state);
}
