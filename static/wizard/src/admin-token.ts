/**
 * The local admin token from the URL fragment (`#token=…`): the whole value up to the next
 * `&`, percent-decoded where it was encoded. A token made with `openssl rand -base64 32`
 * holds `+`, `/` and `=`, and a fragment is not a form: `+` stays `+`.
 */
export function tokenFromFragment(hash: string): string | undefined {
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (!part.startsWith('token=')) continue;
    const raw = part.slice('token='.length);
    if (raw === '') return undefined;
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}
