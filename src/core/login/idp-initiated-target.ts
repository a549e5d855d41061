import { RELAY_STATE_MAX_BYTES } from '../saml/constants';

/**
 * Where an IdP-initiated sign-in may land: an Atlassian site or Atlassian's start page, over
 * https, on the default port, without credentials in the URL. Anything else (javascript:,
 * look-alike hosts such as atlassian.net.evil.example) is refused: the RelayState is handed
 * to Guard, which sends the person there after sign-in.
 */
export function isAllowedLandingTarget(target: string): boolean {
  if (Buffer.byteLength(target, 'utf8') > RELAY_STATE_MAX_BYTES || !URL.canParse(target)) return false;
  const url = new URL(target);
  if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') return false;
  return url.hostname === 'start.atlassian.com' || /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.atlassian\.net$/.test(url.hostname);
}
