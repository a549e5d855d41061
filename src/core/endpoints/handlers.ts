import { createCallbackHandler } from './callback-handler';
import { createHealthHandler } from './health-handler';
import { createMetadataHandler } from './metadata-handler';
import { settingsCache, type BridgeDependencies } from './settings-cache';
import { createStartHandlers } from './start-handlers';

export type { BridgeDependencies } from './settings-cache';

/**
 * All the bridge's HTTP endpoints over one settings cache, as the local runtime serves them
 * (and tests drive them). Each hop is also its own module, so a Forge function can load
 * only the hop it runs.
 */
export function createBridgeHandlers(deps: BridgeDependencies) {
  const cache = settingsCache(deps);
  return {
    ...createStartHandlers(deps, cache),
    callback: createCallbackHandler(deps, cache),
    metadata: createMetadataHandler(deps),
    health: createHealthHandler(deps),
    /** Forgets the cached configuration and secrets (after a save in this process). */
    forgetSettings: () => cache.clear(),
  };
}

export type BridgeHandlers = ReturnType<typeof createBridgeHandlers>;
