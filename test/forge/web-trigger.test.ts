import { describe, expect, it } from 'vitest';
import { createForgeBridge } from '../../src/forge/forge-bridge';
import { KvsDouble } from '../../testkit/kvs-double';
import { toHttpRequest, toWebTriggerResponse } from '../../src/forge/web-trigger';

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
});
