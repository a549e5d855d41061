/** True for addresses on this machine: the only place plain http is allowed (tests, the demo, a rehearsal). */
export function isLoopback(url: URL | string): boolean {
  const { hostname } = typeof url === 'string' ? new URL(url) : url;
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}
