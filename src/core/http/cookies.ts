/**
 * A cookie of the bridge's own host. Over https the `__Host-` prefix pins it there (Secure,
 * Path=/, no Domain); browsers accept Secure cookies from http://localhost and 127.0.0.1
 * too, where the prefix is not allowed, so the plain name serves there.
 */
export function hostCookieName(base: string, url: string): string {
  return new URL(url).protocol === 'https:' ? `__Host-${base}` : base;
}
