import type { SignInRecord } from './sign-in-record';

const COLUMNS = ['time', 'kind', 'outcome', 'user', 'error_code', 'service_provider'] as const;

/**
 * A CSV cell (RFC 4180 quoting). A value a spreadsheet would run as a formula (starting
 * with = + - @, tab or carriage return) is prefixed with an apostrophe: the email in a
 * record comes from Entra ID, not from us.
 */
function cell(value: string | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function signInsToCsv(records: readonly SignInRecord[]): string {
  const rows = records.map((r) => [r.at, r.kind, r.outcome, r.email, r.code, r.sp].map(cell).join(','));
  return `${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
