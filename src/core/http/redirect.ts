import type { HttpResponse } from './types';

/** A 302 to `location`, never cached; optionally setting one cookie. */
export function redirectResponse(location: string, setCookie?: string): HttpResponse {
  return {
    status: 302,
    headers: {
      Location: location,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      ...(setCookie !== undefined && { 'Set-Cookie': setCookie }),
    },
    body: '',
  };
}
