import type * as z from 'zod';
import { asStorageErrors } from '../kernel/storage-fault';
import { runAdminAction, type AdminActionDefinition } from './admin-action';
import { AdminContext, type AdminApiDependencies } from './admin-context';
import { refuse, type ApiResult } from './api-result';
import { CONNECTION_ACTIONS } from './actions/connection-actions';
import { ENFORCE_ACTIONS } from './actions/enforce-actions';
import { ENTRA_ACTIONS } from './actions/entra-actions';
import { GUARD_ACTIONS } from './actions/guard-actions';
import { SETUP_ACTIONS } from './actions/setup-actions';
import { TRUST_ACTIONS } from './actions/trust-actions';

/**
 * The admin API: every action of the admin page, by name, with its payload schema, its
 * handler and (by inference) its result type. The Forge resolver defines one resolver per
 * name, the local runtime's /api/invoke calls them by name, and the wizard's client takes
 * its names and types from here, so the list of actions exists once.
 */
export const ADMIN_ACTIONS = { ...SETUP_ACTIONS, ...ENTRA_ACTIONS, ...GUARD_ACTIONS, ...TRUST_ACTIONS, ...ENFORCE_ACTIONS, ...CONNECTION_ACTIONS } as const;

export type AdminActions = typeof ADMIN_ACTIONS;
export type AdminActionName = keyof AdminActions;

/** What an action answers when it succeeds. */
export type AdminActionResult<N extends AdminActionName> = AdminActions[N] extends AdminActionDefinition<z.core.$ZodType, infer R> ? R : never;

/** What an action takes: its schema's input, and `confirmTrustChange: true` where a save may change trust. */
export type AdminActionPayload<N extends AdminActionName> = AdminActions[N] extends AdminActionDefinition<infer S, unknown>
  ? (AdminActions[N] extends { readonly confirmable: true } ? z.input<S> & { confirmTrustChange?: true } : z.input<S>)
  : never;

export const ADMIN_ACTION_NAMES = Object.freeze(Object.keys(ADMIN_ACTIONS) as AdminActionName[]);

/** The admin API for one caller: each action by name. Callers check that the caller is a Jira administrator first. */
export type AdminApi = { readonly [N in AdminActionName]: (payload?: unknown) => Promise<ApiResult<AdminActionResult<N>>> };

/**
 * The admin page's actions over the given stores, for one caller. Every error a store
 * throws reaches the actions as a StorageError, so a storage fault is told from a bug.
 */
export function createAdminApi(deps: AdminApiDependencies): AdminApi {
  const context = new AdminContext({
    ...deps,
    store: asStorageErrors(deps.store),
    loginStore: asStorageErrors(deps.loginStore),
    audit: asStorageErrors(deps.audit),
    adminTrail: asStorageErrors(deps.adminTrail),
    refusalTrail: asStorageErrors(deps.refusalTrail),
  });
  const api: Record<string, (payload?: unknown) => Promise<ApiResult<unknown>>> = {};
  for (const name of ADMIN_ACTION_NAMES) api[name] = (payload) => runAdminAction(name, ADMIN_ACTIONS[name] as AdminActionDefinition<z.core.$ZodType, unknown>, payload, context);
  return api as AdminApi;
}

export function isAdminActionName(name: unknown): name is AdminActionName {
  return typeof name === 'string' && Object.hasOwn(ADMIN_ACTIONS, name);
}

/** Calls an action by name (Forge resolver key, or the local runtime's invoke body). */
export function invokeAdminAction(api: AdminApi, name: unknown, payload: unknown): Promise<ApiResult<unknown>> {
  return isAdminActionName(name) ? api[name](payload) : Promise.resolve(refuse('SETUP_UNKNOWN_ACTION'));
}
