import * as z from 'zod/mini';
import { escapeHtml, htmlResponse } from '../http/html';
import type { HttpResponse } from '../http/types';
import type { SingleUseStore } from '../kernel/ports';
import type { BridgeError } from '../kernel/result';
import type { AuthenticatedSubject } from '../saml/assertion';
import { describeError } from '../errors/catalogue';
import type { SignInCallback } from './sign-in';
import { checksOf, claimNamesOf, testedDirectoryOf } from './test-report';

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
  /** The directory tested: its issuer, client and the credential the bridge presented. */
  directory: z.optional(z.object({ connection: z.string(), issuer: z.string(), clientId: z.string(), credential: z.optional(z.string()) })),
  /** The names of the claims the verified ID token carried. */
  claims: z.optional(z.array(z.string())),
  /** The checks the callback made and what each found, in words an admin reads (test-report.ts). */
  checks: z.array(z.string()),
  code: z.optional(z.string()),
  message: z.optional(z.string()),
});

export type TestSignInResult = z.infer<typeof testSignInResultSchema>;

function observed(signIn: SignInCallback, callbackUrl: string): Pick<TestSignInResult, 'directory' | 'claims' | 'checks'> {
  const directory = testedDirectoryOf(signIn);
  const claims = claimNamesOf(signIn);
  return { ...(directory !== undefined && { directory }), ...(claims !== undefined && { claims }), checks: checksOf(signIn, callbackUrl) };
}

export function passedResult(at: Date, signIn: SignInCallback & { subject: AuthenticatedSubject }, callbackUrl: string): TestSignInResult {
  const { subject } = signIn;
  return { status: 'passed', at: at.toISOString(), nameId: subject.nameId, attributes: subject.attributes.map((a) => ({ name: a.name, values: [...a.values] })), ...observed(signIn, callbackUrl) };
}

/** A refusal, with the checks that held before it (none when the test could not start). */
export function failedResult(at: Date, error: BridgeError, signIn?: SignInCallback, callbackUrl?: string): TestSignInResult {
  const made = signIn !== undefined && callbackUrl !== undefined ? observed(signIn, callbackUrl) : { checks: [] };
  return { status: 'failed', at: at.toISOString(), ...made, code: error.code, message: describeError(error.code).title };
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
