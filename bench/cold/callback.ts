// The callback function's cold start: its module, and nothing of the others.
import { createCallbackTrigger } from '../../src/forge/functions/callback';
import { coldStart } from '../cold-start-harness';

coldStart('callback', createCallbackTrigger);
