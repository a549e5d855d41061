import { describe, expect, it } from 'vitest';
import { createForgeBridge } from '../../testkit/forge-bridge';
import { KvsDouble } from '../../testkit/kvs-double';
import { toHttpRequest, toWebTriggerResponse } from '../../src/forge/web-trigger';
import { webTriggerFor } from '../../src/forge/bridge-runtime';

describe('web-trigger adapter', () => {
  it('reads the documented request shape, header names in any case', () => {
    const request = toHttpRequest({
      method: 'POST',
      path: '/',
      body: 'SAMLRequest=abc',
      headers: { 'Content-Type': ['application/x-www-form-urlencoded'], 'X-Forwarded-For': ['1.2.3.4'], 'x-forwarded-for': ['5.6.7.8'] },
      queryParameters: JSON.parse('{"RelayState": ["r1", "r2"], "__proto__": ["x"]}') as Record<string, string[]>,
    });
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toEqual(['application/x-www-form-urlencoded']);
    expect(request.headers['x-forwarded-for']).toEqual(['1.2.3.4', '5.6.7.8']);
    expect(request.query['RelayState']).toEqual(['r1', 'r2']);
    expect(request.body).toBe('SAMLRequest=abc');
    // A parameter named __proto__ stays a parameter; it cannot change the object's prototype.
    expect(request.query['__proto__']).toEqual(['x']);
    expect(Object.getPrototypeOf(request.query)).toBeNull();
  });

  it('writes the documented response shape, header values as arrays', () => {
    expect(toWebTriggerResponse({ status: 302, headers: { Location: 'https://x.example/' }, body: '' })).toEqual({
      statusCode: 302,
      headers: { Location: ['https://x.example/'] },
      body: '',
    });
  });

  it('sends every Set-Cookie as its own value of the list, never folded', () => {
    expect(toWebTriggerResponse({ status: 302, headers: { Location: 'https://x.example/', 'Set-Cookie': 'a=1' }, moreCookies: ['b=2'], body: '' }).headers).toEqual({
      Location: ['https://x.example/'],
      'Set-Cookie': ['a=1', 'b=2'],
    });
  });

  it('answers the health web trigger', async () => {
    const kvs = new KvsDouble();
    const bridge = createForgeBridge({ kvs: kvs.api, installation: () => { throw new Error('no invocation context'); }, webTriggerUrl: async (key) => `https://x.example/${key}`, requestJiraAsUser: async () => { throw new Error('not used'); } });
    const response = await bridge.health();
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '')).toEqual({ status: 'ok' });
    expect(kvs.roundTrips).toBe(0);
  });

  it('answers a bug of the bridge with INTERNAL_ERROR and the reference it logged: no stack trace, not a storage fault', async () => {
    const logged: { event: string; fields?: Record<string, unknown> }[] = [];
    const logger = { info: () => undefined, warn: (event: string, fields?: Record<string, unknown>) => void logged.push({ event, fields }) };
    const platform = { kvs: new KvsDouble().api, installation: () => 'installation-a', webTriggerUrl: async (key: string) => `https://x.example/${key}`, requestJiraAsUser: async () => { throw new Error('not used'); } };
    const trigger = webTriggerFor(platform, { logger }, () => async () => {
      throw new RangeError('a bug at /srv/app/index.js:12');
    });
    const response = await trigger({ method: 'GET', path: '/', body: '', headers: {}, queryParameters: {} });
    expect(response.statusCode).toBe(500);
    expect(response.body).toContain('<code>INTERNAL_ERROR</code>');
    expect(response.body).not.toContain('/srv/app');
    expect(response.body).not.toContain('STORE_UNAVAILABLE');
    expect(logged).toHaveLength(1);
    const reference = String(logged[0]?.fields?.['reference']);
    expect(reference).toMatch(/^[0-9a-f]{8}$/);
    expect(response.body).toContain(`reference ${reference}`);
    expect(logged[0]?.fields?.['error']).toBe('RangeError: a bug at /srv/app/index.js:12');
  });
});
