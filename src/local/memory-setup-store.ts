import type { SetupStore, StoredConfig, StoredSecrets } from '../core/setup/stored-setup';

/** The setup in process memory (tests); the local runtime persists the same shape to a file. */
export class MemorySetupStore implements SetupStore {
  config: unknown;
  secrets: unknown;

  async readConfig(): Promise<StoredConfig | undefined> {
    return structuredClone(this.config) as StoredConfig | undefined;
  }

  async writeConfig(config: StoredConfig): Promise<void> {
    this.config = structuredClone(config);
  }

  async readSecrets(): Promise<StoredSecrets | undefined> {
    return structuredClone(this.secrets) as StoredSecrets | undefined;
  }

  async writeSecrets(secrets: StoredSecrets): Promise<void> {
    this.secrets = structuredClone(secrets);
  }
}
