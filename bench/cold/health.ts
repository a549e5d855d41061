// The health function's cold start: its module, and nothing of the others.
import { createHealthTrigger } from '../../src/forge/functions/health';
import { coldStart } from '../cold-start-harness';

coldStart('health', createHealthTrigger);
