import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/**
 * Secrets at rest in PostgreSQL: AES-256-GCM under a key the database never holds
 * (BRIDGE_ENCRYPTION_KEY, or a key file). Each sealed value is a fresh 12-byte nonce, the
 * ciphertext and the 16-byte tag; its row's name (the secrets version) is the additional
 * data, so a sealed value moved to another row does not open.
 */
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new RangeError('an AES-256 key is 32 bytes');
  }

  seal(plaintext: string, name: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(name, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([nonce, ciphertext, cipher.getAuthTag()]);
  }

  /** Throws when the value was not sealed under this key and name (or was altered). */
  open(sealed: Buffer, name: string): string {
    if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(name, 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

export type KeyResult = { ok: true; key: Buffer } | { ok: false; message: string };

/** 32 bytes, written as 64 hex characters or as base64 (standard or URL-safe). */
export function parseEncryptionKey(text: string, source: string): KeyResult {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return { ok: true, key: Buffer.from(value, 'hex') };
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === 32) return { ok: true, key };
  }
  return { ok: false, message: `${source} is not a 32-byte key: give 64 hex characters or base64 of 32 bytes (for example: openssl rand -hex 32)` };
}

/** The key from BRIDGE_ENCRYPTION_KEY, or else from the file BRIDGE_ENCRYPTION_KEY_FILE (or --encryption-key-file) names. */
export async function loadEncryptionKey(value: string | undefined, file: string | undefined): Promise<KeyResult> {
  if (value !== undefined && value !== '') return parseEncryptionKey(value, 'BRIDGE_ENCRYPTION_KEY');
  if (file !== undefined && file !== '') {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return { ok: false, message: `the encryption key file ${file} cannot be read` };
    }
    return parseEncryptionKey(text, `the encryption key file ${file}`);
  }
  return { ok: false, message: 'a PostgreSQL store needs BRIDGE_ENCRYPTION_KEY (or BRIDGE_ENCRYPTION_KEY_FILE): the secrets are encrypted with it, and it is never stored in the database' };
}
