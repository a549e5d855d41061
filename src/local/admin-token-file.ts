import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The local admin token, kept in the data folder beside the secrets it guards: made once,
 * with the folder, and read at every later start, so the wizard's address stays good across
 * restarts. Only its owner can read it (0600), as the secrets files.
 */
export const ADMIN_TOKEN_FILE = 'admin-token';

/** The token as generated: 24 random bytes, base64url (32 characters). */
const TOKEN = /^[A-Za-z0-9_-]{32,}$/;

export interface KeptAdminToken {
  readonly token: string;
  readonly file: string;
  /** True when this start made it (the address is printed then, and only then). */
  readonly generated: boolean;
}

export async function keptAdminToken(dataDir: string): Promise<KeptAdminToken> {
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  let kept: string | undefined;
  try {
    kept = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (kept !== undefined) {
    if (!TOKEN.test(kept)) throw new Error(`${file} does not hold an admin token (32 or more characters of A–Z, a–z, 0–9, - and _); delete it to make a new one`);
    return { token: kept, file, generated: false };
  }
  const token = randomBytes(24).toString('base64url');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // 'wx': two bridges started at once on one folder do not each write their own.
  try {
    await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return keptAdminToken(dataDir);
    throw error;
  }
  return { token, file, generated: true };
}
