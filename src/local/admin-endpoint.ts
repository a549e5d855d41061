import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { describeError } from '../core/errors/catalogue';
import { invokeAdminAction, type AdminApi } from '../core/setup/action-table';
import { refuse as refusal, type ApiResult } from '../core/setup/api-result';

const invokeSchema = z.object({ action: z.string().max(64), payload: z.unknown().optional() });

/** Compares the presented admin token with the expected one in constant time (hashes have equal length). */
export function isAdminToken(authorization: string | undefined, expected: string): boolean {
  const presented = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  if (presented === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * POST /api/invoke {action, payload}: the local counterpart of a Forge resolver call,
 * answering with the same JSON. The admin token stands where Jira's admin check stands.
 */
export async function invokeLocally(
  api: AdminApi,
  authorization: string | undefined,
  adminToken: string,
  body: string,
): Promise<{ status: number; answer: ApiResult<unknown> }> {
  if (!isAdminToken(authorization, adminToken)) return { status: 403, answer: refusal('LOCAL_ADMIN_TOKEN_REFUSED') };
  let json: unknown;
  try {
    json = JSON.parse(body) as unknown;
  } catch {
    return { status: 400, answer: refusal('SETUP_INVALID', { payload: 'The request body is not JSON' }) };
  }
  const call = invokeSchema.safeParse(json);
  if (!call.success) return { status: 400, answer: refusal('SETUP_UNKNOWN_ACTION') };
  const answer = await invokeAdminAction(api, call.data.action, call.data.payload);
  return { status: answer.ok ? 200 : describeError(answer.error.code).status, answer };
}
