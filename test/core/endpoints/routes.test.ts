import { describe, expect, it } from 'vitest';
import { BRIDGE_ROUTES, endpointsAt, endpointsOfWebTriggers, routeOfPath, webTriggerOf } from '../../../src/core/endpoints/routes';

describe('the route table', () => {
  it('gives each endpoint one hop, one web trigger and one path', () => {
    for (const field of ['endpoint', 'hop', 'webTrigger', 'forgeFunction', 'path'] as const) {
      expect(new Set(BRIDGE_ROUTES.map((route) => route[field])).size, field).toBe(BRIDGE_ROUTES.length);
    }
  });

  it('names the local server’s endpoints by their paths', () => {
    expect(endpointsAt('http://localhost:8080')).toEqual({
      ssoUrl: 'http://localhost:8080/saml/sso',
      idpInitiatedUrl: 'http://localhost:8080/saml/login',
      callbackUrl: 'http://localhost:8080/oidc/callback',
      metadataUrl: 'http://localhost:8080/saml/metadata',
      healthUrl: 'http://localhost:8080/healthz',
    });
  });

  it('names Forge’s endpoints by their web triggers’ URLs', async () => {
    const endpoints = await endpointsOfWebTriggers(async (key) => `https://abc.webtrigger.atlassian.app/${key}`);
    expect(endpoints.callbackUrl).toBe(`https://abc.webtrigger.atlassian.app/${webTriggerOf('callbackUrl')}`);
    expect(Object.keys(endpoints).sort()).toEqual(BRIDGE_ROUTES.map((route) => route.endpoint).sort());
  });

  it('finds a path’s route and the suffix after it, and nothing for a path that only starts alike', () => {
    expect(routeOfPath('/oidc/callback')).toMatchObject({ route: { hop: 'callback' }, suffix: '' });
    expect(routeOfPath('/oidc/callback/fabrikam')).toMatchObject({ route: { hop: 'callback' }, suffix: '/fabrikam' });
    expect(routeOfPath('/oidc/callbackx')).toBeUndefined();
    expect(routeOfPath('/saml/metadata')).toMatchObject({ route: { hop: 'metadata' } });
    expect(routeOfPath('/')).toBeUndefined();
  });
});
