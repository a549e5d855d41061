import type * as z from 'zod';
import { describeError, type ErrorCode } from '../errors/catalogue';
import type { Result } from '../kernel/result';

/** What every admin action answers: JSON, as Forge's invoke and the local /api/invoke carry it. */
export type ApiResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly error: {
        readonly code: ErrorCode;
        readonly message: string;
        readonly remedy: string;
        readonly step?: 1 | 2 | 3;
        readonly fields?: Record<string, string>;
        /** For an internal error: the reference the bridge's log has it under. */
        readonly reference?: string;
      };
    };

/** A refusal in the catalogue's words, with the fields at fault. */
export function refuse(code: ErrorCode, fields?: Record<string, string>): ApiResult<never> {
  const { title, remedy, step } = describeError(code);
  return { ok: false, error: { code, message: title, remedy, ...(step !== undefined && { step }), ...(fields !== undefined && { fields }) } };
}

/** A core result as an admin answer (a refusal's detail joins its message). */
export function fromResult<T>(result: Result<T>): ApiResult<T> {
  if (result.ok) return { ok: true, value: result.value };
  const { title, remedy, step } = describeError(result.error.code);
  const message = result.error.detail === undefined ? title : `${title} (${result.error.detail})`;
  return { ok: false, error: { code: result.error.code, message, remedy, ...(step !== undefined && { step }) } };
}

/** A schema's refusal as field messages, the first per field, named by its path. */
export function fieldErrors(error: z.core.$ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.join('.') || 'payload'] ??= issue.message;
  return fields;
}
