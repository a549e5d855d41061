import { beforeAll, describe, expect, it } from 'vitest';
import { USERS, postCallback, upToCallback, useHarness, type Harness } from '../../../testkit/login-harness';
import { readPostForm } from '../../../testkit/post-form';

const harness = useHarness();
let h: Harness;
const requested: string[] = [];
beforeAll(() => {
  h = harness();
  h.setFetch(async (url, options) => {
    requested.push(new URL(url).pathname);
    return fetch(url, options as RequestInit);
  });
});

async function signIn(): Promise<string | undefined> {
  const { guard, browser, fields } = await upToCallback(h, USERS.alice.oid);
  const response = await postCallback(h, browser, fields);
  if (response.status !== 200) return undefined;
  const { profile } = await guard.validatePostResponseAsync({ SAMLResponse: readPostForm(response.body).fields['SAMLResponse'] ?? '' });
  return profile?.nameID;
}

describe('Entra ID rotating its signing key', () => {
  it('is followed: the JWKS is fetched again once, when a token names a new kid', async () => {
    expect(await signIn()).toBe('alice.anders@contoso.com');
    const jwksFetches = () => requested.filter((path) => path.endsWith('/jwks')).length;
    expect(jwksFetches()).toBe(1);

    expect(await signIn()).toBe('alice.anders@contoso.com');
    expect(jwksFetches()).toBe(1); // cached in the warm process

    h.entra.rotateSigningKey();
    expect(await signIn()).toBe('alice.anders@contoso.com');
    expect(jwksFetches()).toBe(2); // the new kid made it refresh, within seconds of the last fetch

    expect(await signIn()).toBe('alice.anders@contoso.com');
    expect(jwksFetches()).toBe(2);
    // Discovery was read once for all four sign-ins.
    expect(requested.filter((path) => path.endsWith('/.well-known/openid-configuration'))).toHaveLength(1);
  });
});
