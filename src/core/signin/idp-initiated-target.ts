import { RELAY_STATE_MAX_BYTES } from '../saml/constants';

/**
 * The host another common URL parser sees (Python's `urllib.parse.urlsplit`, as many
 * proxies, log tools and SPs do): the authority after `scheme://`, up to the first `/`, `?`
 * or `#`, after the last `@`, before the port. No slashes after the scheme: no host.
 */
function splitHost(target: string): string | undefined {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(target)?.[0];
  if (scheme === undefined) return undefined;
  const rest = target.slice(scheme.length);
  if (!rest.startsWith('//')) return undefined;
  const authority = rest.slice(2).split(/[/?#]/, 1)[0] ?? '';
  const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
  return hostAndPort.replace(/:[^:\]]*$/, '').toLowerCase();
}

/**
 * Where an IdP-initiated sign-in may land: an Atlassian site or Atlassian's start page, over
 * https, on the default port, without credentials in the URL. Anything else (javascript:,
 * look-alike hosts such as atlassian.net.evil.example) is refused: the RelayState is handed
 * to Guard, which sends the person there after sign-in.
 *
 * The check and what is forwarded are one and the same URL: the normalised one
 * (`new URL(target).href`), and only when the raw text is plain printable ASCII without a
 * backslash and another common parser sees the same host. So `https://x.atlassian.net\@evil.com/`,
 * `https:x.atlassian.net`, a full-width dot or a tab inside the host are refused, not
 * checked in one form and sent in another. Returns the URL to forward, or undefined.
 */
export function landingTarget(target: string): string | undefined {
  if (!/^[\x21-\x7e]+$/.test(target) || target.includes('\\') || !URL.canParse(target)) return undefined;
  const url = new URL(target);
  if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') return undefined;
  if (splitHost(target) !== url.hostname) return undefined;
  const allowed = url.hostname === 'start.atlassian.com' || /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.atlassian\.net$/.test(url.hostname);
  if (!allowed || Buffer.byteLength(url.href, 'utf8') > RELAY_STATE_MAX_BYTES) return undefined;
  return url.href;
}
