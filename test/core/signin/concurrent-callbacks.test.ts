import { beforeAll, describe, expect, it } from 'vitest';
import { USERS, postCallback, upToCallback, useHarness, type Harness } from '../../../testkit/login-harness';
import { readPostForm } from '../../../testkit/post-form';

/**
 * Callbacks running at once share one openid-client Configuration (one per tenant, client
 * and credential). The review asked whether one callback could replay another's token
 * response on the JWKS-rotation retry, since the Configuration's fetch was set per call.
 * Here every token request waits until the other has been sent, right after Entra ID rotated
 * its signing key: each callback must check its own token response, retry on its own, and
 * sign in its own person.
 */
const harness = useHarness();
let h: Harness;
/** Token responses held until this many token requests are in flight. */
let gate: { size: number; waiting: (() => void)[] } | undefined;

beforeAll(() => {
  h = harness();
  h.setFetch(async (url, options) => {
    const response = await fetch(url, options as RequestInit);
    if (gate !== undefined && new URL(url).pathname.endsWith('/token')) {
      const open = gate;
      await new Promise<void>((resolve) => {
        open.waiting.push(resolve);
        if (open.waiting.length >= open.size) for (const release of open.waiting.splice(0)) release();
      });
    }
    return response;
  });
});

async function nameIdOf(guard: Awaited<ReturnType<typeof upToCallback>>['guard'], body: string): Promise<string | undefined> {
  const { profile } = await guard.validatePostResponseAsync({ SAMLResponse: readPostForm(body).fields['SAMLResponse'] ?? '' });
  return profile?.nameID;
}

describe('two callbacks at once, across a rotation of Entra ID’s keys', () => {
  it('each checks its own token response and signs in its own person, round after round', async () => {
    // A first sign-in caches the tenant's keys.
    const warm = await upToCallback(h, USERS.alice.oid);
    expect(await nameIdOf(warm.guard, (await postCallback(h, warm.browser, warm.fields)).body)).toBe('alice.anders@contoso.com');
    for (let round = 0; round < 3; round++) {
      // The tokens of both will be signed with a key the cached JWKS lacks: both take the retry.
      h.entra.rotateSigningKey();
      const [alice, bob] = [await upToCallback(h, USERS.alice.oid), await upToCallback(h, USERS.bob.oid)];
      gate = { size: 2, waiting: [] };
      const [toAlice, toBob] = await Promise.all([postCallback(h, alice.browser, alice.fields), postCallback(h, bob.browser, bob.fields)]);
      gate = undefined;
      expect([toAlice.status, toBob.status, /OIDC_[A-Z_]+/.exec(toAlice.body + toBob.body)?.[0]]).toEqual([200, 200, undefined]);
      expect(await nameIdOf(alice.guard, toAlice.body)).toBe('alice.anders@contoso.com');
      expect(await nameIdOf(bob.guard, toBob.body)).toBe('Bob.Berg@contoso.com');
    }
  });
});
