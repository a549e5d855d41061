import * as z from 'zod';
import { internalError } from '../kernel/internal-error';
import { StorageError, storageFault } from '../kernel/storage-fault';
import type { AdminContext } from './admin-context';
import { fieldErrors, refuse, type ApiResult } from './api-result';

/**
 * One admin action: what its payload must be, and what it does. The table of them
 * (action-table.ts) is the admin API: the Forge resolver, the local /api/invoke and the
 * wizard's client all take their list of actions and their types from it.
 */
export interface AdminActionDefinition<S extends z.core.$ZodType, R> {
  /** What the payload must be; the handler sees it parsed, or the call is refused field by field (SETUP_INVALID). */
  readonly payload: S;
  /**
   * A save that may change whom the bridge vouches for: its payload may also carry
   * `confirmTrustChange: true`, the admin's word that the signing key may be replaced.
   */
  readonly confirmable?: boolean;
  /** More field messages for a refused payload, so a save names everything at fault at once. */
  readonly moreFields?: (raw: unknown, context: AdminContext) => Promise<Record<string, string>>;
  readonly handle: (payload: z.output<S>, context: AdminContext, confirmed: boolean) => Promise<ApiResult<R>>;
}

/** Frozen: the table is fixed at load, the same for every site a warm process serves. */
export function adminAction<S extends z.core.$ZodType, R>(definition: AdminActionDefinition<S, R>): AdminActionDefinition<S, R> {
  return Object.freeze(definition);
}

/** An action that takes nothing: whatever comes is ignored. */
export const NO_PAYLOAD = z.unknown().transform(() => undefined);

const CONFIRMATION_INVALID = { confirmTrustChange: 'confirmTrustChange is true, or left out' };

/** A save's payload without its `confirmTrustChange: true`, which is not a setting. */
function withoutConfirmation(payload: unknown): { confirm: boolean; settings: unknown } | undefined {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return { confirm: false, settings: payload };
  const { confirmTrustChange, ...settings } = payload as Record<string, unknown>;
  if (confirmTrustChange !== undefined && confirmTrustChange !== true) return undefined;
  return { confirm: confirmTrustChange === true, settings };
}

/**
 * Runs an action: its payload checked, then its handler. A storage fault is the
 * STORE_UNAVAILABLE it is; anything else thrown is a bug of the bridge, logged under a
 * reference and answered as INTERNAL_ERROR with that reference, never disguised as another error.
 */
export async function runAdminAction<S extends z.core.$ZodType, R>(name: string, definition: AdminActionDefinition<S, R>, raw: unknown, context: AdminContext): Promise<ApiResult<R>> {
  try {
    const request = definition.confirmable === true ? withoutConfirmation(raw) : { confirm: false, settings: raw };
    if (request === undefined) return refuse('SETUP_INVALID', CONFIRMATION_INVALID);
    const parsed = z.safeParse(definition.payload, request.settings);
    if (!parsed.success) return refuse('SETUP_INVALID', { ...(await definition.moreFields?.(request.settings, context)), ...fieldErrors(parsed.error) });
    const extra = await definition.moreFields?.(request.settings, context);
    if (extra !== undefined && Object.keys(extra).length > 0) return refuse('SETUP_INVALID', extra);
    return await definition.handle(parsed.data, context, request.confirm);
  } catch (error) {
    if (error instanceof StorageError) return refuse(storageFault(error, '').error.code);
    const { reference } = internalError(context.deps.logger, `admin action ${name}`, error);
    const refused = refuse('INTERNAL_ERROR');
    return refused.ok ? refused : { ok: false, error: { ...refused.error, message: `${refused.error.message} Reference: ${reference}.`, reference } };
  }
}
