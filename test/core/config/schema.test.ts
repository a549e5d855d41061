import { guardSettingsSchema } from '../../../src/core/config/schema';
import { describe, expect, it } from 'vitest';
import { bridgeConfigSchema } from '../../../src/core/config/schema';

const valid = {
  entra: { tenantId: '9122040D-6C67-4C5B-B112-36A304B66DAD', clientId: '6731de76-14a6-49ae-97bc-6eba6914391e' },
  guard: {
    spEntityId: 'https://auth.atlassian.com/saml/0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
    acsUrl: 'https://auth.atlassian.com/login/callback?connection=saml-0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
    allowedDomains: [' Contoso.com '],
  },
};

function issues(input: unknown): Record<string, string> {
  const result = bridgeConfigSchema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

describe('configuration schema', () => {
  it('fills defaults and normalises GUIDs and domains', () => {
    const config = bridgeConfigSchema.parse(valid);
    expect(config.entra.authority).toBe('https://login.microsoftonline.com');
    expect(config.entra.tenantId).toBe('9122040d-6c67-4c5b-b112-36a304b66dad');
    expect(config.entra.nameIdClaim).toBe('email');
    expect(config.guard.allowedDomains).toEqual(['contoso.com']);
  });

  it('accepts the national clouds and a loopback stand-in, nothing else', () => {
    for (const authority of ['https://login.microsoftonline.us', 'https://login.partner.microsoftonline.cn/', 'http://127.0.0.1:8080']) {
      expect(issues({ ...valid, entra: { ...valid.entra, authority } })).toEqual({});
    }
    expect(issues({ ...valid, entra: { ...valid.entra, authority: 'https://login.evil.example' } })).toHaveProperty('entra.authority');
    expect(issues({ ...valid, entra: { ...valid.entra, authority: 'http://login.microsoftonline.com' } })).toHaveProperty('entra.authority');
  });

  it('reads China’s former sign-in host, saved by earlier versions, as today’s', () => {
    const config = bridgeConfigSchema.parse({ ...valid, entra: { ...valid.entra, authority: 'https://login.chinacloudapi.cn' } });
    expect(config.entra.authority).toBe('https://login.partner.microsoftonline.cn');
  });

  it('names each wrong field with a message an admin can act on', () => {
    const found = issues({
      entra: { tenantId: 'contoso', clientId: '1234' },
      guard: { spEntityId: 'not a url', acsUrl: 'http://auth.atlassian.com/x', allowedDomains: [] },
    });
    expect(found['entra.tenantId']).toMatch(/Directory \(tenant\) ID is a GUID/);
    expect(found['entra.clientId']).toMatch(/Application \(client\) ID is a GUID/);
    expect(found['guard.spEntityId']).toMatch(/full URL/);
    expect(found['guard.acsUrl']).toMatch(/https/);
    expect(found['guard.allowedDomains']).toMatch(/at least one/);
  });

  it('refuses domains that are not domains', () => {
    for (const domain of ['contoso', '*.contoso.com', 'contoso.com.', 'a@contoso.com', 'cоntoso.com']) {
      expect(issues({ ...valid, guard: { ...valid.guard, allowedDomains: [domain] } })).toHaveProperty('guard.allowedDomains.0');
    }
  });
});

describe('Atlassian Guard URLs', () => {
  const id = '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
  const other = '1f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
  const guard = (spEntityId: string, acsUrl: string) => ({ ...valid, guard: { ...valid.guard, spEntityId, acsUrl } });

  it('accepts the pair Guard shows for one connection', () => {
    expect(issues(guard(`https://auth.atlassian.com/saml/${id}`, `https://auth.atlassian.com/login/callback?connection=saml-${id}`))).toEqual({});
  });

  it('refuses an Entity ID and an ACS URL of two different connections', () => {
    expect(issues(guard(`https://auth.atlassian.com/saml/${id}`, `https://auth.atlassian.com/login/callback?connection=saml-${other}`))['guard.acsUrl']).toMatch(/different Guard connections/);
  });

  it('refuses Guard URLs of the wrong shape, and the two swapped', () => {
    expect(issues(guard(`https://auth.atlassian.com/login/callback?connection=saml-${id}`, `https://auth.atlassian.com/saml/${id}`))).toMatchObject({
      'guard.spEntityId': expect.stringMatching(/saml\/<id>/),
      'guard.acsUrl': expect.stringMatching(/connection=saml-<id>/),
    });
  });

  it('takes other service providers as they are', () => {
    expect(issues(guard('https://sp.example.org/metadata', 'https://sp.example.org/acs'))).toEqual({});
  });

  it('takes “@contoso.com” as contoso.com, and names the entry of a list that is not a domain', () => {
    const parsed = guardSettingsSchema.safeParse({ spEntityId: 'https://sp.example.org', acsUrl: 'https://sp.example.org/acs', allowedDomains: ['@Contoso.com', 'fabrikam.org', 'not a domain'] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ['allowedDomains', 2], message: '“not a domain” is not a domain: enter one like contoso.com' })]);
    expect(guardSettingsSchema.parse({ spEntityId: 'https://sp.example.org', acsUrl: 'https://sp.example.org/acs', allowedDomains: ['@Contoso.com'] }).allowedDomains).toEqual(['contoso.com']);
  });
});
