import { describe, expect, it } from 'vitest';
import { hostCookieName } from '../../../src/core/http/cookies';
import { methodIn, readRequest } from '../../../src/core/http/request';
import type { HttpRequest } from '../../../src/core/http/types';
import { isToken, newToken } from '../../../src/core/kernel/token';

const request = (overrides: Partial<HttpRequest> = {}): HttpRequest => ({ method: 'get', query: {}, headers: {}, body: '', ...overrides });

describe('the request, read once', () => {
  it('is the same value however often a step asks for it', () => {
    const read = readRequest(request());
    expect(readRequest(read)).toBe(read);
    expect(read.method).toBe('GET');
    expect(read.pathSuffix).toBe('');
  });

  it('reads a urlencoded POST form (any charset), and no form for another body or method', () => {
    const form = readRequest(request({ method: 'POST', headers: { 'content-type': ['application/x-www-form-urlencoded; charset=UTF-8'] }, body: 'code=abc&state=s%2B1+x' }));
    expect(form.formParameter('code')).toEqual({ ok: true, value: 'abc' });
    expect(form.formParameter('state')).toEqual({ ok: true, value: 's+1 x' });
    expect(form.bodyBytes).toBe(22);
    expect(readRequest(request({ method: 'POST', headers: { 'content-type': ['application/json'] }, body: '{"code":"abc"}' })).form).toBeUndefined();
    expect(readRequest(request({ headers: { 'content-type': ['application/x-www-form-urlencoded'] }, body: 'code=abc' })).form).toBeUndefined();
  });

  it('refuses a parameter given twice, in the query or the form', () => {
    const twice = readRequest(request({ query: { RelayState: ['a', 'b'] } }));
    expect(twice.queryParameter('RelayState').ok).toBe(false);
    expect(twice.queryParameter('SAMLRequest')).toEqual({ ok: true, value: undefined });
  });

  it('finds a cookie over several headers and pairs, the first value a check accepts', () => {
    const read = readRequest(request({ headers: { cookie: ['a=1; __Host-sso-bridge=first', 'broken; =nameless; __Host-sso-bridge=second '] } }));
    expect(read.cookie('a')).toBe('1');
    expect(read.cookie('__Host-sso-bridge')).toBe('first');
    expect(read.cookie('__Host-sso-bridge', (value) => value === 'second')).toBe('second');
    expect(read.cookie('missing')).toBeUndefined();
  });

  it('refuses a method an endpoint does not take', () => {
    expect(methodIn(readRequest(request({ method: 'put' })), ['GET', 'POST'])).toMatchObject({ ok: false, error: { code: 'HTTP_METHOD_NOT_ALLOWED' } });
    expect(methodIn(readRequest(request()), ['GET'])).toEqual({ ok: true, value: undefined });
  });
});

describe('the bridge’s cookies and tokens', () => {
  it('pins a cookie to its host with __Host- over https, and uses the plain name on http://localhost', () => {
    expect(hostCookieName('sso-bridge', 'https://x.webtrigger.atlassian.app/oidc/callback')).toBe('__Host-sso-bridge');
    expect(hostCookieName('sso-bridge', 'http://localhost:8080/oidc/callback')).toBe('sso-bridge');
  });

  it('makes tokens of 32 random bytes in base64url, and tells them from anything else', () => {
    const token = newToken();
    expect(isToken(token)).toBe(true);
    expect(token).not.toBe(newToken());
    for (const other of [undefined, 42, '', `${token}=`, token.slice(1), `${token.slice(1)}+`]) expect(isToken(other), String(other)).toBe(false);
  });
});
