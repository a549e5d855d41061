import type { AdminRecord } from '../../../src/core/audit/admin-record';
import type { RefusalSummary } from '../../../src/core/audit/refusals';
import type { SignInRecord } from '../../../src/core/audit/sign-in-record';
import type { ConnectionCheck } from '../../../src/core/login/entra-client';
import type { TestSignInResult } from '../../../src/core/login/test-sign-in';
import type { SetupView } from '../../../src/core/setup/setup-view';
import type { SiteCheckReport } from '../../../src/core/site-check/site-check';
import { callAdmin, type ApiResult } from './transport';

export type { AdminRecord, ApiResult, RefusalSummary, SetupView, SignInRecord, SiteCheckReport, TestSignInResult };

/** The admin actions the wizard calls: the resolvers inside Jira, /api/invoke locally. */
export const adminApi = {
  getSetup: () => callAdmin<SetupView>('getSetup'),
  saveEntraStep: (payload: Record<string, string | boolean | undefined>) => callAdmin<SetupView>('saveEntraStep', payload),
  saveGuardStep: (payload: { spEntityId: string; acsUrl: string; allowedDomains: string[]; confirmTrustChange?: true }) => callAdmin<SetupView>('saveGuardStep', payload),
  createClientCertificate: () => callAdmin<SetupView>('createClientCertificate'),
  prepareNextClientCertificate: () => callAdmin<SetupView>('prepareNextClientCertificate'),
  activateNextClientCertificate: () => callAdmin<SetupView>('activateNextClientCertificate'),
  rollBackClientCertificate: () => callAdmin<SetupView>('rollBackClientCertificate'),
  useClientCredential: (credential: 'secret' | 'certificate') => callAdmin<SetupView>('useClientCredential', { credential }),
  createSigningKey: () => callAdmin<SetupView>('createSigningKey'),
  prepareNextSigningKey: () => callAdmin<SetupView>('prepareNextSigningKey'),
  activateNextSigningKey: () => callAdmin<SetupView>('activateNextSigningKey'),
  rollBackSigningKey: () => callAdmin<SetupView>('rollBackSigningKey'),
  testEntraConnection: () => callAdmin<ConnectionCheck>('testEntraConnection'),
  startTestSignIn: (connection?: string) => callAdmin<{ url: string; ticket: string }>('startTestSignIn', connection === undefined ? {} : { connection }),
  getTestSignInResult: (ticket: string) => callAdmin<TestSignInResult | { status: 'pending' }>('getTestSignInResult', { ticket }),
  startSiteCheck: () => callAdmin<{ url: string; ticket: string }>('startSiteCheck'),
  getSiteCheckResult: (ticket: string) => callAdmin<SiteCheckReport>('getSiteCheckResult', { ticket }),
  listRefusals: () => callAdmin<RefusalSummary[]>('listRefusals'),
  listRecentSignIns: () => callAdmin<SignInRecord[]>('listRecentSignIns'),
  exportSignIns: () => callAdmin<{ csv: string }>('exportSignIns'),
  exportConfiguration: () => callAdmin<Record<string, unknown>>('exportConfiguration'),
  importConfiguration: (configuration: unknown) => callAdmin<SetupView>('importConfiguration', configuration),
  saveConnection: (payload: Record<string, unknown>) => callAdmin<SetupView>('saveConnection', payload),
  testDirectory: (id: string) => callAdmin<ConnectionCheck>('testDirectory', { id }),
  removeConnection: (payload: { id: string; confirmTrustChange?: true }) => callAdmin<SetupView>('removeConnection', payload),
  listAdminTrail: () => callAdmin<AdminRecord[]>('listAdminTrail'),
  exportAdminTrail: () => callAdmin<{ csv: string }>('exportAdminTrail'),
};

export type ApiError = Extract<ApiResult<unknown>, { ok: false }>['error'];
