// The sso function's cold start: its module, and nothing of the others.
import { createSsoTrigger } from '../../src/forge/functions/sso';
import { coldStart } from '../cold-start-harness';

coldStart('sso', createSsoTrigger);
