import { SIGN_IN_RECORD_TTL_SECONDS, signInRecordSchema, type AuditLog, type SignInRecord } from '../core/audit/sign-in-record';
import type { Clock } from '../core/ports';
import type { SetupStore, StoredConfig, StoredSecrets } from '../core/setup/stored-setup';
import { JsonFiles } from './json-files';

const secretsFile = (version: string) => `secrets-${version.replace(/[^A-Za-z0-9_-]/g, '')}.json`;

/** The setup in the data folder: config.json, and secrets-<version>.json readable by the owner only. */
export class FileSetupStore implements SetupStore {
  private readonly files: JsonFiles;

  constructor(directory: string) {
    this.files = new JsonFiles(directory);
  }

  async readConfig(): Promise<StoredConfig | undefined> {
    return (await this.files.read('config.json')) as StoredConfig | undefined;
  }

  writeConfig(config: StoredConfig): Promise<void> {
    return this.files.write('config.json', config, 0o644);
  }

  async readSecrets(version: string): Promise<StoredSecrets | undefined> {
    return (await this.files.read(secretsFile(version))) as StoredSecrets | undefined;
  }

  writeSecrets(version: string, secrets: StoredSecrets): Promise<void> {
    return this.files.write(secretsFile(version), secrets, 0o600);
  }

  deleteSecrets(version: string): Promise<void> {
    return this.files.remove(secretsFile(version));
  }
}

/** Sign-in records in sign-ins.json: the newest 500, none older than 30 days. */
export class FileAuditLog implements AuditLog {
  private readonly files: JsonFiles;
  // Appends are chained, so two sign-ins finishing together never drop one another.
  private queue: Promise<void> = Promise.resolve();

  constructor(
    directory: string,
    private readonly clock: Clock,
    private readonly capacity = 500,
  ) {
    this.files = new JsonFiles(directory);
  }

  private async load(): Promise<SignInRecord[]> {
    const raw = await this.files.read('sign-ins.json');
    const oldest = this.clock.now().getTime() - SIGN_IN_RECORD_TTL_SECONDS * 1000;
    return (Array.isArray(raw) ? raw : []).flatMap((item) => {
      const record = signInRecordSchema.safeParse(item);
      return record.success && Date.parse(record.data.at) >= oldest ? [record.data] : [];
    });
  }

  append(record: SignInRecord): Promise<void> {
    this.queue = this.queue.catch(() => undefined).then(async () => {
      const records = [record, ...(await this.load())].slice(0, this.capacity);
      await this.files.write('sign-ins.json', records, 0o600);
    });
    return this.queue;
  }

  async recent(limit: number): Promise<SignInRecord[]> {
    await this.queue.catch(() => undefined);
    return (await this.load()).slice(0, limit);
  }
}
