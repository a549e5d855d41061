import { ADMIN_TRAIL, type AdminRecord } from '../core/audit/admin-record';
import { SIGN_IN_TRAIL, type SignInRecord } from '../core/audit/sign-in-record';
import type { Trail, TrailKind } from '../core/audit/trail';
import type { Clock } from '../core/kernel/ports';
import type { SetupStore, StoredConfig, StoredSecrets } from '../core/setup/stored-setup';
import { JsonFiles } from './json-files';

const secretsFile = (version: string) => `secrets-${version.replace(/[^A-Za-z0-9_-]/g, '')}.json`;
const snapshotFile = (version: string) => `snapshot-${version.replace(/[^A-Za-z0-9_-]/g, '')}.json`;

/** The setup in the data folder: config.json, secrets-<version>.json readable by the owner only, and snapshot-<version>.json. */
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

  async readSnapshot(version: string): Promise<StoredConfig | undefined> {
    return (await this.files.read(snapshotFile(version))) as StoredConfig | undefined;
  }

  writeSnapshot(version: string, config: StoredConfig): Promise<void> {
    return this.files.write(snapshotFile(version), config, 0o644);
  }

  deleteSnapshot(version: string): Promise<void> {
    return this.files.remove(snapshotFile(version));
  }
}

/** A trail in one JSON file of the data folder: the newest records up to its capacity, none past its age. */
export class FileTrail<T> implements Trail<T> {
  private readonly files: JsonFiles;
  // Appends are chained, so two records written together never drop one another.
  private queue: Promise<void> = Promise.resolve();

  constructor(
    directory: string,
    private readonly file: string,
    private readonly kind: TrailKind<T>,
    private readonly clock: Clock,
  ) {
    this.files = new JsonFiles(directory);
  }

  private async load(): Promise<T[]> {
    const raw = await this.files.read(this.file);
    const oldest = this.clock.now().getTime() - this.kind.ttlSeconds * 1000;
    return (Array.isArray(raw) ? raw : []).flatMap((item) => {
      const record = this.kind.schema.safeParse(item);
      return record.success && Date.parse(this.kind.at(record.data)) >= oldest ? [record.data] : [];
    });
  }

  append(record: T): Promise<void> {
    this.queue = this.queue.catch(() => undefined).then(async () => {
      const records = [record, ...(await this.load())].slice(0, this.kind.capacity);
      await this.files.write(this.file, records, 0o600);
    });
    return this.queue;
  }

  async recent(limit: number): Promise<T[]> {
    await this.queue.catch(() => undefined);
    return (await this.load()).slice(0, limit);
  }
}

/** Sign-in records in sign-ins.json: the newest 500, none older than 30 days. */
export class FileAuditLog extends FileTrail<SignInRecord> {
  constructor(directory: string, clock: Clock) {
    super(directory, 'sign-ins.json', SIGN_IN_TRAIL, clock);
  }
}

/** Admin actions in admin-trail.json: the newest 500, none older than a year. */
export class FileAdminTrail extends FileTrail<AdminRecord> {
  constructor(directory: string, clock: Clock) {
    super(directory, 'admin-trail.json', ADMIN_TRAIL, clock);
  }
}
