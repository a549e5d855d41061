import * as z from 'zod/mini';
import { bridgeConfigSchema, type BridgeConfig } from '../config/schema';

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
  testTicket: z.optional(z.string()),
  /** The AuthnRequest's ID, for InResponseTo (SP-initiated only). */
  requestId: z.optional(z.string()),
  /** The connection (directory) the sign-in went to; absent: the first one. */
  connectionId: z.optional(z.string()),
  /**
   * The configuration the sign-in started with. The callback finishes with it, so a sign-in
   * is never half old and half new settings, and the callback needs no configuration read.
   */
  config: bridgeConfigSchema,
  /** The secrets version in force when the sign-in started. */
  secretsVersion: z.string(),
  relayState: z.optional(z.string()),
  forceAuthn: z.boolean(),
  /** IsPassive: Entra must not interact; if it would have to, Guard gets a NoPassive status. */
  isPassive: z.optional(z.boolean()),
  /** Milliseconds since the epoch when the sign-in started: a forced sign-in must authenticate after it. */
  startedAt: z.optional(z.int()),
  codeVerifier: z.string().check(z.minLength(43), z.maxLength(128)),
  nonce: z.string().check(z.minLength(16)),
  /** SHA-256 of the browser-binding cookie: proves the callback comes from the same browser. */
  browserBindingHash: z.string(),
  /** Milliseconds since the epoch; checked even if the store has not purged the record yet. */
  expiresAt: z.int(),
});

export type LoginState = z.infer<typeof loginStateSchema>;

/** Freezes a parsed configuration all through: one object is handed to many sign-ins. */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * The configuration snapshots of login states, checked once each: in a warm process nearly
 * every sign-in carries the same one, and checking it through the schema costs about a tenth
 * of a millisecond in the callback (measured), its JSON a few microseconds. The last snapshot
 * is remembered by its exact JSON; one of these per installation (it holds that site's settings).
 */
export class CheckedSnapshots {
  private last: { readonly json: string; readonly config: BridgeConfig } | undefined;

  config(raw: unknown): BridgeConfig | undefined {
    const json = JSON.stringify(raw) as string | undefined;
    if (json !== undefined && this.last?.json === json) return this.last.config;
    const parsed = bridgeConfigSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    if (json !== undefined) this.last = { json, config: frozen(parsed.data) };
    return parsed.data;
  }
}

const KINDS: readonly unknown[] = ['sp', 'idp', 'test'] satisfies LoginState['kind'][];
const isString = (value: unknown): value is string => typeof value === 'string';
const isOptional = <T>(value: unknown, is: (value: unknown) => value is T): value is T | undefined => value === undefined || is(value);
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);

/**
 * A login state read back from the store, checked field by field as loginStateSchema says
 * (test/core/login/login-state.test.ts holds the two to the same answers), its configuration
 * through the schema once per snapshot. The callback's hot path: see CheckedSnapshots.
 */
export function readLoginState(raw: unknown, snapshots: CheckedSnapshots): LoginState | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const { testTicket, requestId, connectionId, relayState, isPassive, startedAt, codeVerifier, nonce } = r;
  if (r['version'] !== 1 || !KINDS.includes(r['kind'])) return undefined;
  if (!isOptional(testTicket, isString) || !isOptional(requestId, isString) || !isOptional(connectionId, isString) || !isOptional(relayState, isString)) return undefined;
  if (!isString(r['secretsVersion']) || !isBoolean(r['forceAuthn']) || !isOptional(isPassive, isBoolean) || !isOptional(startedAt, isInteger)) return undefined;
  if (!isString(codeVerifier) || codeVerifier.length < 43 || codeVerifier.length > 128 || !isString(nonce) || nonce.length < 16) return undefined;
  if (!isString(r['browserBindingHash']) || !isInteger(r['expiresAt'])) return undefined;
  const config = snapshots.config(r['config']);
  if (config === undefined) return undefined;
  return {
    version: 1,
    kind: r['kind'] as LoginState['kind'],
    ...(testTicket !== undefined && { testTicket }),
    ...(requestId !== undefined && { requestId }),
    ...(connectionId !== undefined && { connectionId }),
    config,
    secretsVersion: r['secretsVersion'],
    ...(relayState !== undefined && { relayState }),
    forceAuthn: r['forceAuthn'],
    ...(isPassive !== undefined && { isPassive }),
    ...(startedAt !== undefined && { startedAt }),
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
