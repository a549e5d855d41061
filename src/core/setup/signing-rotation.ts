import type { StoredConfig, StoredSecrets } from './stored-setup';

/**
 * Key rotation without lockout, for the SAML signing key and for the client certificate
 * alike. The other side (Guard; Entra ID) must trust a new certificate before it is used,
 * so the change goes in steps the admin controls:
 * 1. prepare: a next key is made; the current one keeps being used; the admin gives the
 *    other side the next certificate (Guard: metadata lists both; Entra: upload it beside
 *    the current one, Entra holds several);
 * 2. activate: the next key is used from now on; the old one is kept as previous;
 * 3. roll back (if the other side was not updated in time): previous is used again, current
 *    goes back to being next.
 * Each function returns the configuration and secrets after the step, or why it cannot be done.
 */
export type RotationStep = { readonly config: Partial<StoredConfig>; readonly secrets: StoredSecrets } | { readonly refused: string };

/** The three places a rotated key lives, in the configuration (certificate) and in the secrets (key pair). */
export interface KeySlots {
  readonly current: 'signing' | 'clientCertificate';
  readonly next: 'nextSigning' | 'nextClientCertificate';
  readonly previous: 'previousSigning' | 'previousClientCertificate';
  /** What the refusals call the key. */
  readonly name: string;
}

export const SIGNING_SLOTS: KeySlots = { current: 'signing', next: 'nextSigning', previous: 'previousSigning', name: 'signing key' };
export const CLIENT_CERTIFICATE_SLOTS: KeySlots = { current: 'clientCertificate', next: 'nextClientCertificate', previous: 'previousClientCertificate', name: 'client certificate' };

type KeyPair = NonNullable<StoredSecrets['signing']>;
type Certificate = NonNullable<StoredConfig['signing']>;

const certificateIn = (config: StoredConfig, slot: string) => (config as Record<string, unknown>)[slot] as Certificate | undefined;
const pairIn = (secrets: StoredSecrets, slot: string) => (secrets as Record<string, unknown>)[slot] as KeyPair | undefined;

function without(secrets: StoredSecrets, slot: string): StoredSecrets {
  const { [slot]: _dropped, ...rest } = secrets as Record<string, unknown>;
  return rest as StoredSecrets;
}

export function prepareNext(config: StoredConfig, secrets: StoredSecrets, next: KeyPair, at: string, slots: KeySlots = SIGNING_SLOTS): RotationStep {
  if (certificateIn(config, slots.current) === undefined || pairIn(secrets, slots.current) === undefined) return { refused: `There is no ${slots.name} to rotate yet: create one first.` };
  return { config: { [slots.next]: { certificatePem: next.certificatePem, createdAt: at } }, secrets: { ...secrets, [slots.next]: next } };
}

export function activateNext(config: StoredConfig, secrets: StoredSecrets, slots: KeySlots = SIGNING_SLOTS): RotationStep {
  const next = pairIn(secrets, slots.next);
  const current = pairIn(secrets, slots.current);
  if (certificateIn(config, slots.next) === undefined || next === undefined || current === undefined) return { refused: `There is no next ${slots.name} to activate: prepare one first.` };
  return {
    config: { [slots.current]: certificateIn(config, slots.next), [slots.previous]: certificateIn(config, slots.current), [slots.next]: undefined },
    secrets: { ...without(secrets, slots.next), [slots.current]: next, [slots.previous]: current },
  };
}

export function rollBack(config: StoredConfig, secrets: StoredSecrets, at: string, slots: KeySlots = SIGNING_SLOTS): RotationStep {
  const previous = pairIn(secrets, slots.previous);
  const current = pairIn(secrets, slots.current);
  if (certificateIn(config, slots.previous) === undefined || previous === undefined || current === undefined) return { refused: `There is no previous ${slots.name} to go back to.` };
  return {
    config: {
      [slots.current]: certificateIn(config, slots.previous),
      [slots.next]: { certificatePem: current.certificatePem, createdAt: certificateIn(config, slots.current)?.createdAt ?? at },
      [slots.previous]: undefined,
    },
    secrets: { ...without(secrets, slots.previous), [slots.current]: previous, [slots.next]: current },
  };
}
