import { describe, expect, it } from 'vitest';
import { adminRecordSentence, changeWords } from '../../../src/core/audit/admin-record-words';

/** The admin trail in words, read off the record as written. */
const at = '2026-12-08T10:00:00.000Z';

describe('the admin trail in words', () => {
  it('says what was added to and removed from a list', () => {
    const record = { at, actor: 'Alice', action: 'activateTrustChange', stage: 'activated' as const, changes: [{ field: 'guard.allowedDomains', before: 'contoso.com', after: 'contoso.com, fabrikam.org' }] };
    expect(adminRecordSentence(record)).toBe('Alice changed the allowed email domains: added fabrikam.org (now in force)');
    expect(changeWords({ field: 'guard.allowedDomains', before: 'contoso.com, fabrikam.org', after: 'fabrikam.org' })).toBe('changed the allowed email domains: removed contoso.com');
  });

  it('names secrets only as replaced, directories by name, and a record of several changes by its action', () => {
    expect(changeWords({ field: 'entra.clientSecret', after: 'replaced' })).toBe('replaced the client secret');
    expect(changeWords({ field: 'connections.fabrikam', after: '{"kind":"oidc"}' })).toBe('added the directory “fabrikam”');
    expect(changeWords({ field: 'connections.fabrikam', before: '{"kind":"oidc"}' })).toBe('removed the directory “fabrikam”');
    expect(changeWords({ field: 'entra.tenantId', before: 'a', after: 'b' })).toBe('changed the Directory (tenant) ID from a to b');
    const several = { at, actor: 'local admin token', action: 'saveEntraStep', changes: [{ field: 'entra.tenantId', after: 'b' }, { field: 'entra.clientId', after: 'c' }] };
    expect(adminRecordSentence(several)).toBe('local admin token saved step 1 (Entra ID app)');
  });
});
