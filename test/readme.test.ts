import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../src/core/errors/catalogue';

/**
 * README sections generated from the code, so they cannot drift. Run with UPDATE_README=1
 * to rewrite them; without it, the test fails when the README is out of date.
 */
const START = '<!-- error-codes:start -->';
const END = '<!-- error-codes:end -->';

function errorCodeTable(): string {
  const rows = Object.entries(ERROR_CATALOGUE).map(
    ([code, description]) => `| \`${code}\` | ${description.status} | ${description.title} |`,
  );
  return ['| Code | HTTP | What the person sees |', '| --- | --- | --- |', ...rows].join('\n');
}

describe('README', () => {
  it('lists every error code with its status, as the catalogue says', () => {
    const readme = readFileSync('README.md', 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const expected = `${START}\n${errorCodeTable()}\n${END}`;
    if (process.env['UPDATE_README'] === '1') {
      writeFileSync('README.md', readme.slice(0, start) + expected + readme.slice(end + END.length));
      return;
    }
    expect(readme.slice(start, end + END.length)).toBe(expected);
  });
});
