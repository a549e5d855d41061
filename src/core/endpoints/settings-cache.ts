import type { LoginDependencies, LoginSecrets, LoginSettings } from '../signin/login-settings';
import type { Result } from '../kernel/result';
import { loadLoginSecrets, loadLoginSettings } from '../setup/settings-loader';
import type { BridgeEndpoints, SetupStore } from '../setup/stored-setup';

export interface BridgeDependencies extends LoginDependencies {
  readonly setup: SetupStore;
  readonly endpoints: () => Promise<BridgeEndpoints>;
  /**
   * How long a warm process reuses the configuration and secrets it read (milliseconds;
   * 0 reads them on every request). Saves through the admin API in the same process
   * clear it at once; another process sees a change after this time at most.
   */
  readonly settingsCacheMs: number;
}

/** A value read from storage, kept for a while in a warm process (per key: one entry). */
function cachedResult<T>(read: (key: string) => Promise<Result<T>>, ttlMs: () => number, now: () => number) {
  let entry: { key: string; value: Result<T>; until: number } | undefined;
  return {
    async get(key = '', fresh = false): Promise<Result<T>> {
      if (!fresh && entry !== undefined && entry.key === key && entry.until > now()) return entry.value;
      const value = await read(key);
      // Only successes are kept: a storage fault must not stick.
      entry = value.ok ? { key, value, until: now() + ttlMs() } : undefined;
      return value;
    },
    clear(): void {
      entry = undefined;
    },
  };
}

/** The configuration and secrets one set of handlers reads, cached together (one per installation on Forge). */
export function settingsCache(deps: BridgeDependencies) {
  const now = () => deps.clock.now().getTime();
  const ttl = () => deps.settingsCacheMs;
  const settings = cachedResult(async (): Promise<Result<LoginSettings>> => loadLoginSettings(deps.setup, await deps.endpoints()), ttl, now);
  const secrets = cachedResult((version): Promise<Result<LoginSecrets>> => loadLoginSecrets(deps.setup, version, deps.clock), ttl, now);
  return {
    settings: (options?: { readonly fresh?: boolean }) => settings.get('', options?.fresh === true),
    secrets: (version: string) => secrets.get(version),
    clear(): void {
      settings.clear();
      secrets.clear();
    },
  };
}

export type SettingsCache = ReturnType<typeof settingsCache>;
