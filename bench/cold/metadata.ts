// The metadata function's cold start: its module, and nothing of the others.
import { createMetadataTrigger } from '../../src/forge/functions/metadata';
import { coldStart } from '../cold-start-harness';

coldStart('metadata', createMetadataTrigger);
