import { renderErrorPage } from '../http/error-page';
import { healthResponse } from '../http/health';
import { readRequest } from '../http/request';
import { hasPathSuffix, type HttpRequest, type HttpResponse } from '../http/types';
import { runSiteCheckStep, siteCheckStepOf } from '../site-check/site-check';
import type { BridgeDependencies } from './settings-cache';

/** GET: the health check; with `?check=<ticket>`, a step of the in-product site check. */
export function createHealthHandler(deps: Pick<BridgeDependencies, 'store' | 'clock' | 'endpoints'>) {
  return async function health(request?: HttpRequest): Promise<HttpResponse> {
    if (request === undefined) return healthResponse();
    const read = readRequest(request);
    const step = siteCheckStepOf(read);
    if (!step.ok) return renderErrorPage(step.error);
    if (step.value === undefined) return hasPathSuffix(request) ? renderErrorPage({ code: 'HTTP_NOT_FOUND' }) : healthResponse();
    const endpoints = await deps.endpoints();
    const answer = await runSiteCheckStep(read, step.value, endpoints.healthUrl, { store: deps.store, clock: deps.clock });
    return answer.ok ? answer.value : renderErrorPage(answer.error);
  };
}
