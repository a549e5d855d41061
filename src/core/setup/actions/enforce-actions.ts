import * as z from 'zod';
import { ADMIN_TRAIL, RECENT_ADMIN_RECORDS_LIMIT } from '../../audit/admin-record';
import { adminRecordSentence, changeWords, type AdminRecordInWords } from '../../audit/admin-record-words';
import { REFUSAL_TRAIL, summarizeRefusals } from '../../audit/refusals';
import { adminRecordsToCsv, signInsToCsv } from '../../audit/sign-ins-csv';
import { RECENT_SIGN_INS_LIMIT, SIGN_IN_EXPORT_LIMIT } from '../../audit/sign-in-record';
import { TOKEN_PATTERN, newToken } from '../../kernel/token';
import { TEST_TTL_SECONDS, testResultKey, testSignInResultSchema, testTicketKey, type TestSignInResult } from '../../signin/test-sign-in';
import { adminAction, NO_PAYLOAD } from '../admin-action';
import { refuse, type ApiResult } from '../api-result';
import { commitBookkeeping } from '../commit';
import { CHECKLIST_ITEMS } from '../stored-setup';

/** Step 3, Enforce: the checklist, the test sign-in, and the trails that show what happened. */

/** Step 3's checklist, ticked by the admin: saved, and on the admin trail. */
const saveChecklist = adminAction({
  payload: z.strictObject({ checklist: z.partialRecord(z.enum(CHECKLIST_ITEMS), z.boolean()) }),
  handle: ({ checklist }, context) => commitBookkeeping(context, { checklist }, 'saveChecklist'),
});

/** A one-time link that runs a test sign-in (it sends nothing to Guard), through step 1's tenant or a further directory. */
const startTestSignIn = adminAction({
  payload: z.object({ connection: z.string({ error: 'No further connection has this name' }).optional() }).optional(),
  async handle(payload, context): Promise<ApiResult<{ url: string; ticket: string }>> {
    // A test signs in with the setup in force, as every sign-in does.
    const config = await context.inForce();
    if (!config.ok) return config;
    if (config.value.entra === undefined || config.value.guard === undefined || config.value.signing === undefined) return refuse('SETUP_INCOMPLETE');
    const connection = payload?.connection;
    if (connection !== undefined && !(config.value.connections ?? []).some((c) => c.id === connection)) return refuse('SETUP_INVALID', { connection: 'No further connection has this name' });
    const ticket = newToken();
    await context.deps.loginStore.put(testTicketKey(ticket), { issuedAt: context.now().toISOString(), ...(connection !== undefined && { connection }) }, TEST_TTL_SECONDS);
    return { ok: true, value: { url: `${(await context.deps.endpoints()).idpInitiatedUrl}?test=${ticket}`, ticket } };
  },
});

/** The test's report once the test window has finished: taken once; `pending` until then. */
const getTestSignInResult = adminAction({
  payload: z.object({ ticket: z.string().regex(TOKEN_PATTERN, 'Start the test sign-in again') }),
  async handle({ ticket }, context): Promise<ApiResult<TestSignInResult | { status: 'pending' }>> {
    const taken = await context.deps.loginStore.take(testResultKey(ticket));
    if (taken.status !== 'taken') return { ok: true, value: { status: 'pending' } };
    const result = testSignInResultSchema.safeParse(taken.value);
    return result.success ? { ok: true, value: result.data } : refuse('STORE_UNAVAILABLE');
  },
});

const listRecentSignIns = adminAction({ payload: NO_PAYLOAD, handle: async (_payload, context) => ({ ok: true, value: await context.deps.audit.recent(RECENT_SIGN_INS_LIMIT) }) });

/** The sign-in trail as CSV (no tokens, codes or secrets are ever in it). */
const exportSignIns = adminAction({ payload: NO_PAYLOAD, handle: async (_payload, context) => ({ ok: true, value: { csv: signInsToCsv(await context.deps.audit.recent(SIGN_IN_EXPORT_LIMIT)) } }) });

/** Refusals before anyone authenticated: counts per hour, kind and code, newest first. */
const listRefusals = adminAction({ payload: NO_PAYLOAD, handle: async (_payload, context) => ({ ok: true, value: summarizeRefusals(await context.deps.refusalTrail.recent(REFUSAL_TRAIL.capacity)) }) });

/** The admin trail: who changed what, newest first, each record with its words (admin-record-words.ts). */
const listAdminTrail = adminAction({
  payload: NO_PAYLOAD,
  handle: async (_payload, context): Promise<ApiResult<AdminRecordInWords[]>> => ({
    ok: true,
    value: (await context.deps.adminTrail.recent(RECENT_ADMIN_RECORDS_LIMIT)).map((record) => ({ ...record, sentence: adminRecordSentence(record), changeSentences: record.changes.map(changeWords) })),
  }),
});

/** The admin trail as CSV, one row per changed field. */
const exportAdminTrail = adminAction({ payload: NO_PAYLOAD, handle: async (_payload, context) => ({ ok: true, value: { csv: adminRecordsToCsv(await context.deps.adminTrail.recent(ADMIN_TRAIL.capacity)) } }) });

export const ENFORCE_ACTIONS = { saveChecklist, startTestSignIn, getTestSignInResult, listRecentSignIns, exportSignIns, listRefusals, listAdminTrail, exportAdminTrail };
