/**
 * A minimal programmatic browser for protocol tests: fetch with manual redirects and a
 * cookie jar that honours each cookie's Path (host-only, ports shared, as browsers do).
 * It lets a test walk a sign-in hop by hop and look at every answer.
 */
interface Cookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
}

export class CookieBrowser {
  private readonly cookies = new Map<string, Cookie>();

  /** The Cookie header this browser would send to `url`. */
  cookieHeader(url: string): string | undefined {
    const { pathname } = new URL(url);
    const matching = [...this.cookies.values()].filter((c) => pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`));
    return matching.length === 0 ? undefined : matching.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  /** Stores the cookies of a Set-Cookie header line, as a browser would. */
  storeCookie(line: string, requestUrl: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const index = pair.indexOf('=');
    const name = pair.slice(0, index).trim();
    const value = pair.slice(index + 1).trim();
    let path = new URL(requestUrl).pathname.replace(/\/[^/]*$/, '') || '/';
    let expired = false;
    for (const attribute of attributes) {
      const [key = '', attributeValue = ''] = attribute.split('=');
      if (key.trim().toLowerCase() === 'path') path = attributeValue.trim();
      if (key.trim().toLowerCase() === 'max-age' && Number(attributeValue) <= 0) expired = true;
      if (key.trim().toLowerCase() === 'expires' && Date.parse(attributeValue) < Date.now()) expired = true;
    }
    if (expired) this.cookies.delete(`${name}|${path}`);
    else this.cookies.set(`${name}|${path}`, { name, value, path });
  }

  /** One request, no redirect following. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    const cookie = this.cookieHeader(url);
    if (cookie !== undefined) headers['cookie'] = cookie;
    let body: string | undefined;
    if (init.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) this.storeCookie(line, url);
    return response;
  }

  /** Follows redirects (up to 10) and returns the final answer and its URL. */
  async follow(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ response: Response; url: string }> {
    let current = url;
    let response = await this.request(current, init);
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops++) {
      current = new URL(response.headers.get('location') ?? '', current).href;
      response = await this.request(current);
    }
    return { response, url: current };
  }
}

/** Reads an HTML form's action and fields (the form_post page of an OP, for one). */
export function readHtmlForm(html: string, baseUrl: string): { action: string; fields: Record<string, string> } {
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const action = /<form[^>]*action="([^"]*)"/i.exec(html)?.[1];
  if (action === undefined) throw new Error('no form in the page');
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input[^>]*>/gi)) {
    const name = /name="([^"]*)"/i.exec(match[0])?.[1];
    const value = /value="([^"]*)"/i.exec(match[0])?.[1] ?? '';
    if (name !== undefined) fields[decode(name)] = decode(value);
  }
  return { action: new URL(decode(action), baseUrl).href, fields };
}
