import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * JSON documents in a folder, written so that a crash or kill never leaves a half-written
 * file: each write goes to a temporary file in the same folder, is flushed to disk, and is
 * renamed over the old one (rename is atomic on one file system).
 */
export class JsonFiles {
  constructor(readonly directory: string) {}

  async read(name: string): Promise<unknown> {
    try {
      return JSON.parse(await readFile(join(this.directory, name), 'utf8')) as unknown;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async remove(name: string): Promise<void> {
    await rm(join(this.directory, name), { force: true });
  }

  async write(name: string, value: unknown, mode = 0o600): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const target = join(this.directory, name);
    const temporary = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const file = await open(temporary, 'w', mode);
    try {
      await file.writeFile(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
