import { runBridgeCommand } from './cli';

/** dist/local.mjs, the production entry point (and the container image's): the bridge, no demo. */
runBridgeCommand();
