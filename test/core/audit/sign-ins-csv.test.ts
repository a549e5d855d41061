import { describe, expect, it } from 'vitest';
import { signInsToCsv } from '../../../src/core/audit/sign-ins-csv';

describe('sign-ins as CSV', () => {
  it('writes a header and one quoted-as-needed row per record', () => {
    const csv = signInsToCsv([
      { at: '2026-11-28T12:00:00.000Z', kind: 'sp', outcome: 'signed-in', email: 'alice@contoso.com', sp: 'https://auth.atlassian.com/saml/x' },
      { at: '2026-11-28T12:01:00.000Z', kind: 'idp', outcome: 'refused', code: 'CLAIMS_EMAIL_UNVERIFIED', reference: '33fa3e22', claimedEmail: 'a,"b"@x.com', issuer: 'https://idp.example/' },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'time,kind,outcome,user,claimed_email,claimed_by,error_code,reference,service_provider',
      '2026-11-28T12:00:00.000Z,sp,signed-in,alice@contoso.com,,,,,https://auth.atlassian.com/saml/x',
      '2026-11-28T12:01:00.000Z,idp,refused,,"a,""b""@x.com",https://idp.example/,CLAIMS_EMAIL_UNVERIFIED,33fa3e22,',
      '',
    ]);
  });

  it('defuses values a spreadsheet would run as formulas', () => {
    for (const email of ['=HYPERLINK("http://evil")', '+1+1', '-2', '@SUM(A1)']) {
      const row = signInsToCsv([{ at: 't', kind: 'sp', outcome: 'refused', claimedEmail: email }]).split('\r\n')[1] ?? '';
      expect(row.split(',')[4]?.replace(/^"/, '')).toMatch(/^'/);
    }
  });
});
