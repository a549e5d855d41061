import type { AdminRecord } from '../../../src/core/audit/admin-record';
import type { RefusalSummary } from '../../../src/core/audit/refusals';
import type { SignInRecord } from '../../../src/core/audit/sign-in-record';
import type { ConnectionCheck } from '../../../src/core/oidc/entra-client';
import type { TestSignInResult } from '../../../src/core/signin/test-sign-in';
import type { ChecklistItem } from '../../../src/core/setup/progress';
import type { SetupView } from '../../../src/core/setup/setup-view';
import type { SiteCheckReport } from '../../../src/core/site-check/site-check';
import { callAdmin, type ApiError, type ApiResult } from './transport';

export type { AdminRecord, ApiError, ApiResult, ChecklistItem, RefusalSummary, SetupView, SignInRecord, SiteCheckReport, TestSignInResult };

/** How a call may be stopped: the page's Cancel, or a component going away. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

const call =
  <T, P = undefined>(action: string) =>
  (payload?: P, options?: CallOptions) =>
    callAdmin<T>(action, payload, options);

/** The admin actions the wizard calls: the resolvers inside Jira, /api/invoke locally. */
export const adminApi = {
  getSetup: call<SetupView>('getSetup'),
  saveEntraStep: call<SetupView, Record<string, unknown>>('saveEntraStep'),
  saveGuardStep: call<SetupView, { spEntityId: string; acsUrl: string; allowedDomains: string[]; confirmTrustChange?: true }>('saveGuardStep'),
  saveChecklist: call<SetupView, { checklist: Partial<Record<ChecklistItem, boolean>> }>('saveChecklist'),
  createClientCertificate: call<SetupView>('createClientCertificate'),
  prepareNextClientCertificate: call<SetupView>('prepareNextClientCertificate'),
  activateNextClientCertificate: call<SetupView>('activateNextClientCertificate'),
  rollBackClientCertificate: call<SetupView>('rollBackClientCertificate'),
  useClientCredential: call<SetupView, { credential: 'secret' | 'certificate' }>('useClientCredential'),
  createSigningKey: call<SetupView>('createSigningKey'),
  prepareNextSigningKey: call<SetupView>('prepareNextSigningKey'),
  activateNextSigningKey: call<SetupView>('activateNextSigningKey'),
  rollBackSigningKey: call<SetupView>('rollBackSigningKey'),
  testEntraConnection: call<ConnectionCheck>('testEntraConnection'),
  startTestSignIn: call<{ url: string; ticket: string }, { connection?: string }>('startTestSignIn'),
  getTestSignInResult: call<TestSignInResult | { status: 'pending' }, { ticket: string }>('getTestSignInResult'),
  startSiteCheck: call<{ url: string; ticket: string }>('startSiteCheck'),
  getSiteCheckResult: call<SiteCheckReport, { ticket: string }>('getSiteCheckResult'),
  listRefusals: call<RefusalSummary[]>('listRefusals'),
  listRecentSignIns: call<SignInRecord[]>('listRecentSignIns'),
  exportSignIns: call<{ csv: string }>('exportSignIns'),
  exportConfiguration: call<Record<string, unknown>>('exportConfiguration'),
  importConfiguration: call<SetupView, unknown>('importConfiguration'),
  saveConnection: call<SetupView, Record<string, unknown>>('saveConnection'),
  testDirectory: call<ConnectionCheck, { id: string }>('testDirectory'),
  removeConnection: call<SetupView, { id: string; confirmTrustChange?: true }>('removeConnection'),
  listAdminTrail: call<AdminRecord[]>('listAdminTrail'),
  exportAdminTrail: call<{ csv: string }>('exportAdminTrail'),
};

/** The refusal a save gets when it would change whom the bridge vouches for. */
export const TRUST_CHANGE_UNCONFIRMED = 'SETUP_TRUST_CHANGE_UNCONFIRMED';
