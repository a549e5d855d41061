import type { WebTriggerRequest, WebTriggerResponse } from '@forge/api';
import { setCookiesOf, type HttpRequest, type HttpResponse } from '../core/http/types';

/**
 * The request as Forge's web-trigger reference documents it: `userPath` holds the path
 * segments after the trigger's URL ('' for none, else starting with '/'). The @forge/api
 * types of this version do not declare it yet.
 */
export type DocumentedWebTriggerRequest = WebTriggerRequest & { readonly userPath?: string };

/**
 * Forge's documented web-trigger request, as the core reads it: header names in lower
 * case (Forge passes them as the client sent them), values kept as arrays.
 */
export function toHttpRequest(request: DocumentedWebTriggerRequest): HttpRequest {
  const headers: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [name, values] of Object.entries(request.headers ?? {})) {
    (headers[name.toLowerCase()] ??= []).push(...values);
  }
  const query: Record<string, readonly string[]> = Object.create(null) as Record<string, readonly string[]>;
  for (const [name, values] of Object.entries(request.queryParameters ?? {})) query[name] = values;
  return { method: request.method, query, headers, body: request.body ?? '', pathSuffix: typeof request.userPath === 'string' ? request.userPath : '' };
}

/** The core's response in Forge's documented shape: header values as arrays. */
export function toWebTriggerResponse(response: HttpResponse): WebTriggerResponse {
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(response.headers)) headers[name] = [value];
  if (response.moreCookies !== undefined && response.moreCookies.length > 0) headers['Set-Cookie'] = setCookiesOf(response);
  return { statusCode: response.status, headers, body: response.body };
}
