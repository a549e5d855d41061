import { runBridgeCommand } from '../local/cli';
import { demoStandIns } from './stand-ins';

/** dist/demo.mjs, what `npm start` runs: the bridge, with the demo's stand-ins when nothing is set up. */
runBridgeCommand(demoStandIns);
