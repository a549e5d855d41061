import { BoundedCache } from '../core/kernel/bounded-cache';
import { fail, ok, type Result } from '../core/kernel/result';
import type { ForgePlatform } from './platform';

/** How many installations one warm process keeps state for, and for how long. */
export const INSTALLATION_CACHE_ENTRIES = 64;
export const INSTALLATION_CACHE_TTL_MS = 10 * 60 * 1000;

/**
 * State a warm process keeps for one installation (cached settings, web-trigger URLs),
 * found only by the installation of the running invocation. Forge reuses a process across
 * installations, so a value made for one site is never handed to another; when the
 * installation cannot be told, nothing is handed out at all.
 */
export function perInstallation<T>(platform: ForgePlatform, create: (installation: string) => T, now: () => number): () => Result<T> {
  const cache = new BoundedCache<T>(INSTALLATION_CACHE_ENTRIES, INSTALLATION_CACHE_TTL_MS);
  return () => {
    let installation: unknown;
    try {
      installation = platform.installation();
    } catch {
      return fail('FORGE_INSTALLATION_UNKNOWN', 'no invocation context');
    }
    if (typeof installation !== 'string' || installation === '') return fail('FORGE_INSTALLATION_UNKNOWN', 'no installation in the invocation context');
    return ok(cache.getOrCreate(installation, now(), () => create(installation)));
  };
}
