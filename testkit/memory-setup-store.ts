import type { SetupStore, StoredConfig, StoredSecrets } from '../src/core/setup/stored-setup';

/** The setup in process memory (tests); the local runtime persists the same shape to a file. */
export class MemorySetupStore implements SetupStore {
  config: unknown;
  readonly secrets = new Map<string, unknown>();
  readonly snapshots = new Map<string, unknown>();

  async readConfig(): Promise<StoredConfig | undefined> {
    return structuredClone(this.config) as StoredConfig | undefined;
  }

  async writeConfig(config: StoredConfig): Promise<void> {
    this.config = structuredClone(config);
  }

  async readSecrets(version: string): Promise<StoredSecrets | undefined> {
    return structuredClone(this.secrets.get(version)) as StoredSecrets | undefined;
  }

  async writeSecrets(version: string, secrets: StoredSecrets): Promise<void> {
    this.secrets.set(version, structuredClone(secrets));
  }

  async deleteSecrets(version: string): Promise<void> {
    this.secrets.delete(version);
  }

  async readSnapshot(version: string): Promise<StoredConfig | undefined> {
    return structuredClone(this.snapshots.get(version)) as StoredConfig | undefined;
  }

  async writeSnapshot(version: string, config: StoredConfig): Promise<void> {
    this.snapshots.set(version, structuredClone(config));
  }

  async deleteSnapshot(version: string): Promise<void> {
    this.snapshots.delete(version);
  }

  /** The secrets in force, as the configuration names them (tests). */
  current(): StoredSecrets | undefined {
    const version = (this.config as { secretsVersion?: string } | undefined)?.secretsVersion;
    return version === undefined ? undefined : (this.secrets.get(version) as StoredSecrets | undefined);
  }
}
