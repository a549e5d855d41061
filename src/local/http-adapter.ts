import type { IncomingMessage, ServerResponse } from 'node:http';
import { setCookiesOf, type HttpRequest, type HttpResponse } from '../core/http/types';

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** Reads a request body as UTF-8, refusing it as soon as it passes `maxBytes`. */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? '0');
    if (declared > maxBytes) {
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new BodyTooLargeError());
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** node:http's request as the core reads it (the same shape Forge's web triggers give). */
export function toHttpRequest(request: IncomingMessage, url: URL, body: string): HttpRequest {
  const query: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [name, value] of url.searchParams) (query[name] ??= []).push(value);
  const headers: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value : [value];
  }
  return { method: request.method ?? 'GET', query, headers, body };
}

export function send(response: ServerResponse, answer: HttpResponse): void {
  const cookies = setCookiesOf(answer);
  response.writeHead(answer.status, cookies.length > 1 ? { ...answer.headers, 'Set-Cookie': cookies } : answer.headers);
  response.end(answer.body);
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  response.end(JSON.stringify(value));
}
