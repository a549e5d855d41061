import type { AdminRecordInWords } from '../../../src/core/audit/admin-record-words';
import type { RefusalSummary } from '../../../src/core/audit/refusals';
import type { SignInRecord } from '../../../src/core/audit/sign-in-record';
import type { AdminActionName, AdminActionPayload, AdminActionResult } from '../../../src/core/setup/action-table';
import type { TestSignInResult } from '../../../src/core/signin/test-sign-in';
import type { ChecklistItem } from '../../../src/core/setup/stored-setup';
import type { SetupView } from '../../../src/core/setup/setup-view';
import type { SiteCheckReport } from '../../../src/core/site-check/site-check';
import { callAdmin, type ApiError, type ApiResult } from './transport';

export type { AdminRecordInWords, ApiError, ApiResult, ChecklistItem, RefusalSummary, SetupView, SignInRecord, SiteCheckReport, TestSignInResult };

/** How a call may be stopped: the page's Cancel, or a component going away. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** The admin actions, by name, as the admin API's table defines them: their payloads and answers. */
export type AdminClient = {
  readonly [N in AdminActionName]: (payload?: AdminActionPayload<N>, options?: CallOptions) => Promise<ApiResult<AdminActionResult<N>>>;
};

type AdminCall = (payload?: unknown, options?: CallOptions) => Promise<ApiResult<unknown>>;
const calls = new Map<string, AdminCall>();

/**
 * The admin actions the wizard calls: the resolvers inside Jira, /api/invoke locally. Their
 * names and types come from the action table (a type import: no core code in the page).
 * Each action is one function for the page's life: components depend on it in their effects,
 * and a new one at every render would load their lists again and again.
 */
export const adminApi = new Proxy({} as AdminClient, {
  get: (_client, property) => {
    const name = String(property);
    let call = calls.get(name);
    if (call === undefined) {
      call = (payload, options) => callAdmin(name, payload, options);
      calls.set(name, call);
    }
    return call;
  },
});

