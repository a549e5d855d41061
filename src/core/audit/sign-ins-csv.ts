import type { AdminRecord } from './admin-record';
import type { SignInRecord } from './sign-in-record';

/**
 * A CSV cell (RFC 4180 quoting). A value a spreadsheet would run as a formula (starting
 * with = + - @, tab or carriage return) is prefixed with an apostrophe: an email comes from
 * Entra ID and a setting from an admin's typing, not from us.
 */
function cell(value: string | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function toCsv(columns: readonly string[], rows: readonly (readonly (string | undefined)[])[]): string {
  return `${[columns.join(','), ...rows.map((row) => row.map(cell).join(','))].join('\r\n')}\r\n`;
}

export function signInsToCsv(records: readonly SignInRecord[]): string {
  return toCsv(
    ['time', 'kind', 'outcome', 'user', 'claimed_email', 'claimed_by', 'error_code', 'reference', 'service_provider'],
    records.map((r) => [r.at, r.kind, r.outcome, r.email, r.claimedEmail, r.issuer, r.code, r.reference, r.sp]),
  );
}

/** One row per changed field, so a spreadsheet filters by field or actor. */
export function adminRecordsToCsv(records: readonly AdminRecord[]): string {
  return toCsv(
    ['time', 'actor', 'action', 'field', 'before', 'after', 'certificate_sha256', 'key_replaced'],
    records.flatMap((r) =>
      (r.changes.length === 0 ? [{ field: '', before: undefined, after: undefined }] : r.changes).map((change) => [
        r.at,
        r.actor,
        r.action,
        change.field,
        change.before,
        change.after,
        r.certificate,
        r.keyReplaced === true ? 'yes' : '',
      ]),
    ),
  );
}
