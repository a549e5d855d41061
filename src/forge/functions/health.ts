import type { WebTriggerContext, WebTriggerRequest } from '@forge/api';
import { createHealthHandler } from '../../core/endpoints/health-handler';
import { healthResponse } from '../../core/http/health';
import { webTriggerFor, type ForgeRuntimeOptions } from '../bridge-runtime';
import { forgePlatform } from '../forge-platform';
import type { ForgePlatform } from '../platform';
import { toWebTriggerResponse } from '../web-trigger';

/**
 * Web trigger `health`. Plain health needs no site: it answers even when the invocation
 * context is missing. With ?check=<ticket> it runs a step of the site check, for this installation.
 */
export function createHealthTrigger(platform: ForgePlatform, options: ForgeRuntimeOptions = {}) {
  const siteCheck = webTriggerFor(platform, options, (deps) => createHealthHandler(deps));
  return async (request?: WebTriggerRequest, context?: WebTriggerContext) =>
    request?.queryParameters?.['check'] === undefined ? toWebTriggerResponse(healthResponse()) : siteCheck(request, context);
}

export const handler = createHealthTrigger(forgePlatform);
