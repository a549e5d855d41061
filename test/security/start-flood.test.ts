import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { CookieBrowser } from '../../testkit/cookie-browser';
import { USERS } from '../../testkit/login-harness';
import { readPostForm } from '../../testkit/post-form';
import { SecurityEnvironment } from './environment';

/**
 * A flood of unauthenticated sign-in starts against the local runtime, over HTTP: each
 * stores a login state. The store is bounded (records and bytes, oldest unfinished first),
 * so memory stays bounded, and a person who started before the flood still signs in.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const env = new SecurityEnvironment();
beforeAll(() => env.start(), 30_000);
afterAll(() => env.stop());

describe('40,000 unauthenticated starts', () => {
  it('leave a real person able to finish the sign-in they started before, with memory bounded', async () => {
    // The person's login state is stored before the flood; Entra's code (valid 60 s at the
    // stand-in) is issued after it, so the time the flood takes cannot expire it.
    const browser = new CookieBrowser();
    const atEntra = await env.startSignIn(browser);
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    let issued = 0;
    let redirected = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (issued < 40_000) {
          issued += 1;
          const response = await fetch(`${env.server.url}/saml/login`, { redirect: 'manual' });
          await response.arrayBuffer();
          if (response.status === 302) redirected += 1;
        }
      }),
    );
    expect(redirected).toBe(40_000);
    const person = await env.signInAtEntra(browser, atEntra, USERS.alice.oid);
    const outcome = await env.callback(person.browser, person.fields);
    expect(outcome.status).toBe(200);
    expect(readPostForm(outcome.body).fields['SAMLResponse']).toBeDefined();
    gc();
    // 40,000 login states of about 1 KB; the store's bound is 64 MiB whatever the flood.
    expect((process.memoryUsage().heapUsed - heapBefore) / 1048576).toBeLessThan(96);
  }, 180_000);
});
