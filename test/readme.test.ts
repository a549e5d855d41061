import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../src/core/errors/catalogue';
import { SECURITY_CASES } from './security/cases';

/**
 * README sections generated from the code and the tests, so they cannot drift. Run with
 * UPDATE_README=1 to rewrite them; without it, the test fails when the README is out of date.
 */
function syncSection(name: string, content: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const readme = readFileSync('README.md', 'utf8');
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  expect(from, `README has no ${start}`).toBeGreaterThan(-1);
  expect(to).toBeGreaterThan(from);
  const expected = `${start}\n${content}\n${end}`;
  if (process.env['UPDATE_README'] === '1') {
    writeFileSync('README.md', readme.slice(0, from) + expected + readme.slice(to + end.length));
    return;
  }
  expect(readme.slice(from, to + end.length)).toBe(expected);
}

function errorCodeTable(): string {
  const rows = Object.entries(ERROR_CATALOGUE).map(([code, description]) => `| \`${code}\` | ${description.status} | ${description.title} |`);
  return ['| Code | HTTP | What the person sees |', '| --- | --- | --- |', ...rows].join('\n');
}

function securityTable(): string {
  const kinds = [...new Set(SECURITY_CASES.map((c) => c.kind))];
  const rows = kinds.map((kind) => {
    const cases = SECURITY_CASES.filter((c) => c.kind === kind);
    const outcomes = [...new Set(cases.map((c) => c.expect))].map((outcome) =>
      outcome === 'signed-in' ? 'signed in, input neutralised' : outcome === 'staged' ? 'prepared, not in force (then discarded: nothing left)' : outcome === 'CONFIG_REFUSED' ? 'refused, field named, exit 1' : `\`${outcome}\``,
    );
    return `| ${kind} | ${cases.length} | ${outcomes.join(', ')} |`;
  });
  return ['| Kind of input | Cases | Outcome |', '| --- | --- | --- |', ...rows, `| **all** | **${SECURITY_CASES.length}** | nothing signed for a refusal; no stack trace, secret or raw input; stored configuration unchanged |`].join('\n');
}

describe('README', () => {
  it('lists every error code with its status, as the catalogue says', () => {
    syncSection('error-codes', errorCodeTable());
  });

  it('summarises the adversarial suite from its cases', () => {
    syncSection('security-cases', securityTable());
  });
});
