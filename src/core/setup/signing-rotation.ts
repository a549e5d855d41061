import type { StoredConfig, StoredSecrets } from './stored-setup';

/**
 * Signing-key rotation without lockout. Guard trusts one certificate at a time, so the
 * change goes in steps the admin controls:
 * 1. prepare: a next key is made; the current one keeps signing; metadata lists both, and
 *    the admin pastes the next certificate into Guard;
 * 2. activate: the next key signs from now on; the old one is kept as previous;
 * 3. roll back (if Guard was not updated in time): previous signs again, current goes back
 *    to being next.
 * Each function returns the configuration and secrets after the step, or why it cannot be done.
 */
export type RotationStep = { readonly config: Partial<StoredConfig>; readonly secrets: StoredSecrets } | { readonly refused: string };

type KeyPair = NonNullable<StoredSecrets['signing']>;

function certificateOf(pair: KeyPair | undefined, createdAt: string) {
  return pair === undefined ? undefined : { certificatePem: pair.certificatePem, createdAt };
}

export function prepareNext(config: StoredConfig, secrets: StoredSecrets, next: KeyPair, at: string): RotationStep {
  if (config.signing === undefined || secrets.signing === undefined) return { refused: 'There is no signing key to rotate yet: create one first.' };
  return { config: { nextSigning: { certificatePem: next.certificatePem, createdAt: at } }, secrets: { ...secrets, nextSigning: next } };
}

export function activateNext(config: StoredConfig, secrets: StoredSecrets): RotationStep {
  if (config.nextSigning === undefined || secrets.nextSigning === undefined || secrets.signing === undefined) {
    return { refused: 'There is no next key to activate: prepare one first.' };
  }
  const { nextSigning: _next, ...rest } = secrets;
  return {
    config: { signing: config.nextSigning, previousSigning: config.signing, nextSigning: undefined },
    secrets: { ...rest, signing: secrets.nextSigning, previousSigning: secrets.signing },
  };
}

export function rollBack(config: StoredConfig, secrets: StoredSecrets, at: string): RotationStep {
  if (config.previousSigning === undefined || secrets.previousSigning === undefined || secrets.signing === undefined) {
    return { refused: 'There is no previous key to go back to.' };
  }
  const { previousSigning: _previous, ...rest } = secrets;
  return {
    config: { signing: config.previousSigning, nextSigning: certificateOf(secrets.signing, config.signing?.createdAt ?? at), previousSigning: undefined },
    secrets: { ...rest, signing: secrets.previousSigning, nextSigning: secrets.signing },
  };
}
