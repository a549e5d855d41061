import { STACK_TRACE } from '../../testkit/refusal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, type ErrorCode } from '../../src/core/errors/catalogue';
import { readPostForm } from '../../testkit/post-form';
import { CLIENT_SECRET } from '../../testkit/constants';
import { SECURITY_CASES } from './cases';
import { SecurityEnvironment } from './environment';

const env = new SecurityEnvironment();
beforeAll(() => env.start(), 30_000);
afterAll(() => env.stop());


describe.each([...new Set(SECURITY_CASES.map((c) => c.kind))])('hostile input: %s', (kind) => {
  it.each(SECURITY_CASES.filter((c) => c.kind === kind).map((c) => [c.name, c] as const))('%s', async (_name, hostile) => {
    const before = await env.snapshot();
    const inForceBefore = await env.inForce();
    const outcome = await hostile.run(env);

    // Never a stack trace, never a secret, never the raw hostile input.
    expect(outcome.body).not.toMatch(STACK_TRACE);
    expect(outcome.body).not.toContain(CLIENT_SECRET);
    expect(outcome.body).not.toMatch(/PRIVATE KEY/);
    if (hostile.marker !== undefined) expect(outcome.body).not.toContain(hostile.marker);

    if (hostile.expect === 'staged') {
      // A change of trust without confirmation is prepared: nothing in force changes, and
      // sign-ins go on with the settings and key Guard holds. Discarded, no trace is left.
      expect(outcome.status).toBe(200);
      const answer = JSON.parse(outcome.body) as { ok: boolean; value?: { staged?: { changes: unknown[] } } };
      expect(answer.ok).toBe(true);
      expect(answer.value?.staged?.changes.length).toBeGreaterThan(0);
      expect((await env.inForce()).config).toEqual(inForceBefore.config);
      expect((await env.invoke('discardTrustChange', {})).status).toBe(200);
      expect(await env.inForce()).toEqual(inForceBefore);
      expect(await env.snapshotFiles()).toEqual([]);
      return;
    }
    if (hostile.expect === 'signed-in') {
      expect(outcome.status).toBe(200);
      const xml = Buffer.from(readPostForm(outcome.body).fields['SAMLResponse'] ?? '', 'base64').toString('utf8');
      expect(xml).toContain('<ds:Signature ');
      if (hostile.marker !== undefined) expect(xml).not.toContain(hostile.marker);
    } else {
      // Nothing signed.
      expect(outcome.body).not.toContain('SAMLResponse');
      expect(outcome.body).not.toContain('Signature');
      if (hostile.expect === 'CONFIG_REFUSED') {
        expect(outcome.status).toBe(1);
        expect(outcome.body.length).toBeGreaterThan(0);
      } else {
        expect(outcome.status).toBe(ERROR_CATALOGUE[hostile.expect as ErrorCode].status);
        const code = outcome.body.startsWith('{') ? (JSON.parse(outcome.body) as { error?: { code?: string } }).error?.code : /<code>([A-Z_0-9]+)<\/code>/.exec(outcome.body)?.[1];
        expect(code).toBe(hostile.expect);
      }
    }
    // Stored configuration unchanged.
    expect(await env.snapshot()).toBe(before);
  });
});

it('covers at least 60 distinct hostile inputs', () => {
  expect(new Set(SECURITY_CASES.map((c) => `${c.kind}: ${c.name}`)).size).toBeGreaterThanOrEqual(60);
});
