import { describe, expect, it } from 'vitest';
import { judgeSiteCheck, newCheckRecord, SITE_CHECK_STEP_TIMEOUT_MS } from '../../../src/core/site-check/site-check';

type CheckRecord = NonNullable<Parameters<typeof judgeSiteCheck>[0]>;
const T0 = 1_700_000_000_000;
const issued: CheckRecord = newCheckRecord(new Date(T0));
const QUIET = SITE_CHECK_STEP_TIMEOUT_MS + 1;

function verdicts(record: CheckRecord, now: number): Record<string, string> {
  return Object.fromEntries((judgeSiteCheck(record, now)?.behaviours ?? []).map((verdict) => [verdict.behaviour, verdict.status]));
}

function statuses(record: CheckRecord, now: number) {
  const report = judgeSiteCheck(record, now);
  return { finished: report?.finished, remedy: report?.remedy !== undefined, ...verdicts(record, now) };
}

/** A run in which every step arrived as sent. */
const clean: CheckRecord = { ...issued, startedAt: T0 + 10, arrivedAt: T0 + 20, redirect: '302', cookieOnGet: true, postedAt: T0 + 30, csp: 'enforced', cookieOnPost: true, form: 'exact', suffixAt: T0 + 40, suffix: 'intact' };

describe('judgeSiteCheck', () => {
  it('knows no check without its record', () => {
    expect(judgeSiteCheck(undefined, T0)).toBeUndefined();
  });

  it('waits while the check window has not yet come, then says it never reached the bridge', () => {
    expect(statuses(issued, T0 + 1_000)).toMatchObject({ finished: false, html: 'waiting', redirect: 'waiting' });
    expect(statuses(issued, T0 + QUIET)).toEqual({ finished: true, remedy: false, html: 'not-reached', redirect: 'not-reached', cookie: 'not-reached', 'form-post': 'not-reached', 'path-suffix': 'not-reached' });
  });

  it('passes every behaviour of a clean run, at once, and offers no remedy', () => {
    expect(statuses(clean, T0 + 50)).toEqual({ finished: true, remedy: false, html: 'passed', redirect: 'passed', cookie: 'passed', 'form-post': 'passed', 'path-suffix': 'passed' });
  });

  it('fails the redirect when the first step is silent after starting', () => {
    const started = { ...issued, startedAt: T0 };
    expect(statuses(started, T0 + SITE_CHECK_STEP_TIMEOUT_MS)).toMatchObject({ finished: false, redirect: 'waiting' });
    expect(statuses(started, T0 + QUIET)).toMatchObject({ finished: true, remedy: true, redirect: 'failed', cookie: 'not-reached', html: 'not-reached' });
  });

  it('fails HTML when the page never ran, and passes the cookie that came back on the link', () => {
    const arrived: CheckRecord = { ...issued, startedAt: T0, arrivedAt: T0 + 5, redirect: '302', cookieOnGet: true };
    expect(statuses(arrived, T0 + 100)).toMatchObject({ finished: false, cookie: 'waiting', html: 'waiting' });
    expect(statuses(arrived, T0 + 5 + QUIET)).toEqual({ finished: true, remedy: true, html: 'failed', redirect: 'passed', cookie: 'passed', 'form-post': 'not-reached', 'path-suffix': 'not-reached' });
  });

  it('names each broken behaviour of a run that arrived, and only it', () => {
    const cases: [Partial<CheckRecord>, string, string][] = [
      [{ redirect: 'page' }, 'redirect', 'failed'],
      [{ cookieOnPost: false }, 'cookie', 'failed'],
      [{ csp: 'missing' }, 'html', 'failed'],
      [{ csp: 'unknown' }, 'html', 'failed'],
      [{ form: 'base64' }, 'form-post', 'failed'],
      [{ form: 'not-a-form' }, 'form-post', 'failed'],
      [{ form: 'changed' }, 'form-post', 'failed'],
      [{ suffix: 'changed' }, 'path-suffix', 'failed'],
    ];
    for (const [change, behaviour, status] of cases) {
      const judged = statuses({ ...clean, ...change }, T0 + 50);
      expect(judged, JSON.stringify(change)).toMatchObject({ finished: true, remedy: true, [behaviour]: status });
      const others = Object.entries(verdicts({ ...clean, ...change }, T0 + 50)).filter(([name]) => name !== behaviour);
      expect(others).toHaveLength(4);
      expect(others.every(([, verdict]) => verdict === 'passed'), JSON.stringify(change)).toBe(true);
    }
  });

  it('waits for the form sent to a path after the URL, then fails it once silent', () => {
    const { suffixAt: _at, suffix: _suffix, ...posted } = clean;
    expect(statuses(posted, T0 + 30 + SITE_CHECK_STEP_TIMEOUT_MS)).toMatchObject({ finished: false, 'path-suffix': 'waiting' });
    expect(statuses(posted, T0 + 30 + QUIET)).toMatchObject({ finished: true, remedy: true, 'path-suffix': 'failed' });
  });
});
