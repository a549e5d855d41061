import type { WebTriggerResponse } from '@forge/api';
import { healthResponse } from '../core/http/health';
import { toWebTriggerResponse } from './web-trigger';

/** Web trigger `health`: answers without touching storage, to check a deployment. */
export async function handler(): Promise<WebTriggerResponse> {
  return toWebTriggerResponse(healthResponse());
}
