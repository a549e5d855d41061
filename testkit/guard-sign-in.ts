import { CookieBrowser, readHtmlForm } from './cookie-browser';
import { GUARD_SP } from './constants';
import { independentSp } from './node-saml-sp';

/**
 * A sign-in as Guard starts it (an independent SAML SP's AuthnRequest), up to the person `oid`
 * signing in at the directory's stand-in; `finish` posts the directory's answer to the
 * bridge's callback and gives the page the browser gets.
 */
export async function startGuardSignIn(options: { ssoUrl: string; certificatePem: string; oid: string; browser?: CookieBrowser }) {
  const guard = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: options.certificatePem, ssoUrl: options.ssoUrl });
  const browser = options.browser ?? new CookieBrowser();
  const start = await browser.request(await guard.getAuthorizeUrlAsync('', undefined, {}));
  const loginPage = await browser.follow(start.headers.get('location') ?? '');
  const login = readHtmlForm(await loginPage.response.text(), loginPage.url);
  const formPost = await browser.follow(login.action, { form: { login: options.oid } });
  const callback = readHtmlForm(await formPost.response.text(), formPost.url);
  return { guard, finish: async () => (await browser.request(callback.action, { form: callback.fields })).text() };
}
