import type { HttpResponse } from './types';

/** The liveness answer: served by the local runtime and a Forge web trigger alike, so a deploy can be smoke-tested. */
export function healthResponse(): HttpResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    body: JSON.stringify({ status: 'ok' }),
  };
}
