import * as z from 'zod/mini';
import { escapeHtml, htmlResponse } from '../http/html';
import type { HttpResponse } from '../http/types';
import type { SingleUseStore } from '../kernel/ports';
import type { BridgeError } from '../kernel/result';
import type { AuthenticatedSubject } from '../saml/assertion';
import { describeError } from '../errors/catalogue';
import type { IdTokenClaims } from '../oidc/claims';
import type { BridgeConfig } from '../config/schema';

/**
 * The wizard's test sign-in: a real sign-in through Entra ID that ends in a report of what
 * the bridge would send to Guard, instead of a signed Response. The wizard gets a one-time
 * ticket (admin only), opens the IdP-initiated URL with it, and polls for the result.
 */
export const TEST_TTL_SECONDS = 600;


export const testTicketKey = (ticket: string) => `test-ticket:${ticket}`;
export const testResultKey = (ticket: string) => `test-result:${ticket}`;

export const testSignInResultSchema = z.object({
  status: z.enum(['passed', 'failed']),
  at: z.string(),
  nameId: z.optional(z.string()),
  attributes: z.optional(z.array(z.object({ name: z.string(), values: z.array(z.string()) }))),
  /** What was checked and held, in words an admin reads. */
  checks: z.array(z.string()),
  code: z.optional(z.string()),
  message: z.optional(z.string()),
});

export type TestSignInResult = z.infer<typeof testSignInResultSchema>;

/** The checks a passed test went through, in the order the callback makes them. */
export function passedChecks(claims: IdTokenClaims, config: BridgeConfig, subject: AuthenticatedSubject): string[] {
  const domain = subject.nameId.split('@')[1] ?? '';
  return [
    'Signed in at Entra ID, and the code was redeemed with PKCE and the client secret',
    'ID token signature verified with a key of the tenant (RS256)',
    `Issuer is the configured tenant (${config.entra.tenantId})`,
    `Audience is the Client ID (${config.entra.clientId})`,
    'Nonce and state belong to this sign-in',
    `Email domain ${domain} is one of the allowed domains`,
    claims.xms_edov === undefined
      ? 'Tokens arrive without xms_edov, and the requirement is off: only the domain list vouches for the email. Add xms_edov as an optional claim.'
      : 'Entra ID says the email domain is verified (xms_edov)',
  ];
}

export function passedResult(at: Date, subject: AuthenticatedSubject, checks: string[]): TestSignInResult {
  return { status: 'passed', at: at.toISOString(), nameId: subject.nameId, attributes: subject.attributes.map((a) => ({ name: a.name, values: [...a.values] })), checks };
}

export function failedResult(at: Date, error: BridgeError): TestSignInResult {
  return { status: 'failed', at: at.toISOString(), checks: [], code: error.code, message: describeError(error.code).title };
}

/** Keeps the result for the wizard to pick up; a storage fault only costs the report. */
export async function saveTestResult(store: SingleUseStore, ticket: string, result: TestSignInResult): Promise<void> {
  await store.put(testResultKey(ticket), result, TEST_TTL_SECONDS).catch(() => undefined);
}

/** The page the test window shows: what would have been sent, and that nothing was. */
export function testResultPage(result: TestSignInResult): HttpResponse {
  const attributes = (result.attributes ?? [])
    .map((a) => `<li><code>${escapeHtml(a.name)}</code>: ${escapeHtml(a.values.join(', '))}</li>`)
    .join('');
  const body =
    result.status === 'passed'
      ? `<h1>Test sign-in passed</h1><p>The bridge would send Atlassian Guard the NameID <strong>${escapeHtml(result.nameId ?? '')}</strong> with:</p><ul>${attributes}</ul>` +
        '<p>Nothing was sent to Guard. Close this window and go back to the setup wizard.</p>'
      : `<h1>Test sign-in failed</h1><p>${escapeHtml(result.message ?? '')}</p><p class="muted">Error code: <code>${escapeHtml(result.code ?? '')}</code></p>` +
        '<p>Close this window; the setup wizard shows what to do.</p>';
  return htmlResponse({ status: result.status === 'passed' ? 200 : 403, title: 'Test sign-in', body });
}
