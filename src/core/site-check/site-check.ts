import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { hostCookieName } from '../http/cookies';
import { escapeHtml, htmlResponse } from '../http/html';
import { parseFormBody, singleParameter, type Parameters } from '../http/parameters';
import type { ReadRequest } from '../http/request';
import type { HttpResponse } from '../http/types';
import { isToken, newToken } from '../kernel/token';
import type { Clock, SingleUseStore } from '../kernel/ports';
import { fail, ok, type Result } from '../kernel/result';
import { storageFault } from '../kernel/storage-fault';

/**
 * The in-product site check. Forge documents the web-trigger request and response shapes,
 * but not whether an HTML page is served unchanged, whether a 302 reaches the browser,
 * whether cookies pass, or how a form POST arrives. The sign-in depends on each, so the
 * admin proves them on their own site: the wizard gets a one-time ticket and opens the
 * health web trigger with it in a new window, where three steps run in the browser:
 *
 * 1. `GET ?check=T`: answers a 302 to step 2 and sets a cookie (`SameSite=None; Secure`,
 *    like the browser binding). Its body is an HTML page that goes on to step 2 by script,
 *    so a 302 turned into a 200 is still seen, and named.
 * 2. `GET ?check=T&step=page`: did the 302 arrive, did the cookie come back? Answers an
 *    HTML page under our CSP that posts a form (urlencoded, as Entra's form_post) to step 3
 *    by script; a second inline script the CSP must block tells whether the CSP arrived.
 * 3. `POST ?check=T&step=post`: did the form arrive as an urlencoded body, byte for byte,
 *    with the cookie? Did the page run, under our CSP? Answers a page that posts on to:
 * 4. `POST <url>/site-check-0?check=T&step=suffix`: did a path after the trigger's URL
 *    arrive, intact (Forge's `userPath`)? Each further directory's Redirect URI is one.
 *
 * Each step writes what it saw into the check's record; the wizard reads the verdict.
 * Steps write only for a ticket the admin started, at most once each.
 */
export const SITE_CHECK_TTL_SECONDS = 600;
/** How long a step may take before the behaviour it waits for counts as broken. */
export const SITE_CHECK_STEP_TIMEOUT_MS = 15_000;

/** The path step 4 is sent to after the health trigger's URL: shaped as a directory's Redirect URI suffix. */
export const SITE_CHECK_PATH_SUFFIX = '/site-check-0';

/** A value whose urlencoding exercises `+`, `=`, `&`, `%` and non-ASCII: it must arrive as sent. */
export const FORM_PROBE = 'a+b=c&d%e ü✓';

export const siteCheckKey = (ticket: string) => `site-check:${ticket}`;


const checkRecordSchema = z.object({
  version: z.literal(1),
  issuedAt: z.number(),
  /** Step 1: when it ran, and the hash of the cookie it set. */
  startedAt: z.optional(z.number()),
  cookieHash: z.optional(z.string()),
  /** Step 2. */
  arrivedAt: z.optional(z.number()),
  redirect: z.optional(z.enum(['302', 'page'])),
  cookieOnGet: z.optional(z.boolean()),
  /** Step 3. */
  postedAt: z.optional(z.number()),
  csp: z.optional(z.enum(['enforced', 'missing', 'unknown'])),
  cookieOnPost: z.optional(z.boolean()),
  form: z.optional(z.enum(['exact', 'base64', 'changed', 'not-a-form'])),
  /** Step 4. */
  suffixAt: z.optional(z.number()),
  suffix: z.optional(z.enum(['intact', 'changed'])),
});
type CheckRecord = z.infer<typeof checkRecordSchema>;

/** What the admin API puts down when the wizard starts a check. */
export function newCheckRecord(now: Date): CheckRecord {
  return { version: 1, issuedAt: now.getTime() };
}

export interface SiteCheckDependencies {
  readonly store: SingleUseStore;
  readonly clock: Clock;
}

const cookieName = (url: string) => hostCookieName('sso-bridge-check', url);

const hash = (value: string) => createHash('sha256').update(value).digest('base64url');

function cookieHashOf(request: ReadRequest, url: string): string | undefined {
  const value = request.cookie(cookieName(url));
  return value === undefined ? undefined : hash(value);
}

function stepUrl(checkUrl: string, ticket: string, step: string, extra = ''): string {
  const url = new URL(checkUrl);
  url.searchParams.set('check', ticket);
  url.searchParams.set('step', step);
  return `${url.href}${extra}`;
}

// Static scripts, allowed by their hashes. Step 1's body carries on when a 302 became a page.
const CONTINUE_SCRIPT = 'location.replace(document.getElementById("next").href+"&via=page");';
// Runs only where the CSP is missing: inline scripts without our hash must be blocked.
const CSP_PROBE_SCRIPT = 'window.cspMissing=true;';
const POST_SCRIPT = 'var f=document.getElementById("probe");f.elements.csp.value=window.cspMissing?"missing":"enforced";f.submit();';
const SUBMIT_SCRIPT = 'document.getElementById("suffix-probe").submit();';

function page(status: number, title: string, body: string, script?: string): HttpResponse {
  return htmlResponse({ status, title, body: `<main><h1>${escapeHtml(title)}</h1>${body}</main>`, ...(script !== undefined && { script }) });
}

async function readRecord(store: SingleUseStore, ticket: string): Promise<Result<CheckRecord | undefined>> {
  try {
    const parsed = checkRecordSchema.safeParse(await store.read(siteCheckKey(ticket)));
    return ok(parsed.success ? parsed.data : undefined);
  } catch (error) {
    return storageFault(error, 'the site check could not be read');
  }
}

async function saveRecord(store: SingleUseStore, ticket: string, record: CheckRecord): Promise<Result<undefined>> {
  try {
    await store.put(siteCheckKey(ticket), record, SITE_CHECK_TTL_SECONDS);
    return ok(undefined);
  } catch (error) {
    return storageFault(error, 'the site check could not be saved');
  }
}

/** Which step a request is, and for which ticket; undefined when it is no site check at all. */
type StepName = 'start' | 'page' | 'post' | 'suffix';

export function siteCheckStepOf(request: ReadRequest): Result<{ ticket: string; step: StepName; via?: string } | undefined> {
  const check = request.queryParameter('check');
  if (!check.ok) return check;
  if (check.value === undefined) return ok(undefined);
  const step = request.queryParameter('step');
  const via = request.queryParameter('via');
  if (!step.ok) return step;
  if (!via.ok) return via;
  if (!isToken(check.value)) return fail('SITE_CHECK_TICKET_INVALID');
  const name = step.value ?? 'start';
  if (name !== 'start' && name !== 'page' && name !== 'post' && name !== 'suffix') return fail('SITE_CHECK_TICKET_INVALID');
  return ok({ ticket: check.value, step: name, ...(via.value !== undefined && { via: via.value }) });
}

function decodedBase64Form(body: string): string | undefined {
  const compact = body.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  return decoded.includes('probe=') ? decoded : undefined;
}

/**
 * One step of the site check, at the health web trigger. `checkUrl` is that trigger's URL
 * as the platform gives it: the steps link to it, so they run where the sign-in runs.
 */
export async function runSiteCheckStep(
  request: ReadRequest,
  step: { ticket: string; step: StepName; via?: string },
  checkUrl: string,
  deps: SiteCheckDependencies,
): Promise<Result<HttpResponse>> {
  const now = deps.clock.now().getTime();
  const stored = await readRecord(deps.store, step.ticket);
  if (!stored.ok) return stored;
  const record = stored.value;
  if (record === undefined || now - record.issuedAt > SITE_CHECK_TTL_SECONDS * 1000) return fail('SITE_CHECK_TICKET_INVALID');
  const method = request.method;

  if (step.step === 'start') {
    if (method !== 'GET') return fail('HTTP_METHOD_NOT_ALLOWED');
    if (record.startedAt !== undefined) return fail('SITE_CHECK_TICKET_INVALID', 'this check has already started');
    const cookie = newToken();
    const saved = await saveRecord(deps.store, step.ticket, { ...record, startedAt: now, cookieHash: hash(cookie) });
    if (!saved.ok) return saved;
    const next = stepUrl(checkUrl, step.ticket, 'page');
    const body = page(200, 'Checking this site…', `<p><a id="next" href="${escapeHtml(next)}">Continue the site check</a></p>`, CONTINUE_SCRIPT);
    return ok({
      ...body,
      status: 302,
      headers: {
        ...body.headers,
        Location: next,
        'Set-Cookie': `${cookieName(checkUrl)}=${cookie}; Path=/; Max-Age=${SITE_CHECK_TTL_SECONDS}; HttpOnly; Secure; SameSite=None`,
      },
    });
  }

  if (step.step === 'page') {
    if (method !== 'GET') return fail('HTTP_METHOD_NOT_ALLOWED');
    if (record.startedAt === undefined || record.arrivedAt !== undefined) return fail('SITE_CHECK_TICKET_INVALID', 'this step has already run');
    const cookieOnGet = record.cookieHash !== undefined && cookieHashOf(request, checkUrl) === record.cookieHash;
    const saved = await saveRecord(deps.store, step.ticket, { ...record, arrivedAt: now, redirect: step.via === 'page' ? 'page' : '302', cookieOnGet });
    if (!saved.ok) return saved;
    const body =
      `<p>Sending a form, the way Entra ID sends its answer…</p><script>${CSP_PROBE_SCRIPT}</script>` +
      `<form id="probe" method="post" action="${escapeHtml(stepUrl(checkUrl, step.ticket, 'post'))}">` +
      `<input type="hidden" name="probe" value="${escapeHtml(FORM_PROBE)}"><input type="hidden" name="csp" value="unknown">` +
      `<button type="submit">Continue</button></form>`;
    return ok(page(200, 'Checking this site…', body, POST_SCRIPT));
  }

  if (method !== 'POST') return fail('HTTP_METHOD_NOT_ALLOWED');
  if (step.step === 'suffix') {
    if (record.postedAt === undefined || record.suffixAt !== undefined) return fail('SITE_CHECK_TICKET_INVALID', 'this step has already run');
    const saved = await saveRecord(deps.store, step.ticket, { ...record, suffixAt: now, suffix: request.pathSuffix === SITE_CHECK_PATH_SUFFIX ? 'intact' : 'changed' });
    if (!saved.ok) return saved;
    return ok(page(200, 'Site check done', '<p>The results are on the setup page. You can close this window.</p>'));
  }
  if (record.arrivedAt === undefined || record.postedAt !== undefined) return fail('SITE_CHECK_TICKET_INVALID', 'this step has already run');
  // The form as it arrived, or (when a platform base64-encoded the body) as it was sent.
  const field = (fields: Parameters | undefined, name: string) => {
    const value = fields === undefined ? undefined : singleParameter(fields, name);
    return value?.ok === true ? value.value : undefined;
  };
  const received = request.form;
  const intact = field(received, 'probe') === FORM_PROBE;
  const decoded = intact ? undefined : decodedBase64Form(request.raw.body);
  const form: NonNullable<CheckRecord['form']> = intact ? 'exact' : decoded !== undefined ? 'base64' : received !== undefined ? 'changed' : 'not-a-form';
  const reported = field(decoded === undefined ? received : parseFormBody(decoded), 'csp');
  const csp: NonNullable<CheckRecord['csp']> = reported === 'enforced' || reported === 'missing' ? reported : 'unknown';
  const cookieOnPost = record.cookieHash !== undefined && cookieHashOf(request, checkUrl) === record.cookieHash;
  const saved = await saveRecord(deps.store, step.ticket, { ...record, postedAt: now, form, csp, cookieOnPost });
  if (!saved.ok) return saved;
  const suffixUrl = new URL(stepUrl(checkUrl, step.ticket, 'suffix'));
  suffixUrl.pathname = `${suffixUrl.pathname.replace(/\/+$/, '')}${SITE_CHECK_PATH_SUFFIX}`;
  const body = `<p>Sending a form to a path after this address, as to a directory’s Redirect URI…</p><form id="suffix-probe" method="post" action="${escapeHtml(suffixUrl.href)}"><button type="submit">Continue</button></form>`;
  return ok(page(200, 'Checking this site…', body, SUBMIT_SCRIPT));
}

export type BehaviourStatus = 'passed' | 'failed' | 'waiting' | 'not-reached';

export interface BehaviourVerdict {
  readonly behaviour: 'html' | 'redirect' | 'cookie' | 'form-post' | 'path-suffix';
  readonly label: string;
  readonly status: BehaviourStatus;
  /** What was seen, when it is not a pass. */
  readonly detail?: string;
}

export interface SiteCheckReport {
  /** True once every behaviour has a verdict (passed or failed), or the check stalled. */
  readonly finished: boolean;
  readonly behaviours: readonly BehaviourVerdict[];
  /** What to do when any failed. */
  readonly remedy?: string;
}

const REMEDY =
  'The sign-in cannot run on this site’s web triggers as they behave now. Run the bridge self-hosted (npm start with --config, behind a TLS proxy): the same handlers, the same setup. Register its URLs in Entra ID and Guard instead.';

/** The verdict on each behaviour, from what the steps saw and how long they have been silent. */
export function judgeSiteCheck(record: CheckRecord | undefined, now: number): SiteCheckReport | undefined {
  if (record === undefined) return undefined;
  const silent = (since: number | undefined) => since !== undefined && now - since > SITE_CHECK_STEP_TIMEOUT_MS;
  const verdicts: Record<BehaviourVerdict['behaviour'], Omit<BehaviourVerdict, 'behaviour' | 'label'>> = {
    redirect: { status: 'waiting' },
    cookie: { status: 'waiting' },
    html: { status: 'waiting' },
    'form-post': { status: 'waiting' },
    'path-suffix': { status: 'waiting' },
  };
  if (record.startedAt === undefined) {
    if (silent(record.issuedAt)) for (const key of Object.keys(verdicts) as (keyof typeof verdicts)[]) verdicts[key] = { status: 'not-reached', detail: 'The check window did not reach the bridge.' };
  } else if (record.arrivedAt === undefined) {
    if (silent(record.startedAt)) {
      verdicts.redirect = { status: 'failed', detail: 'The browser never followed the redirect, and the page carrying it on did not run either.' };
      verdicts.cookie = verdicts.html = verdicts['form-post'] = verdicts['path-suffix'] = { status: 'not-reached' };
    }
  } else {
    verdicts.redirect = record.redirect === '302' ? { status: 'passed' } : { status: 'failed', detail: 'The 302 reached the browser as a page: its Location was not followed.' };
    if (record.postedAt === undefined) {
      verdicts.cookie = record.cookieOnGet === true ? { status: 'waiting' } : { status: 'failed', detail: 'The cookie set by the first step did not come back with the next request.' };
      if (silent(record.arrivedAt)) {
        verdicts.html = { status: 'failed', detail: 'The check page did not run in the browser: it was not served as an HTML page.' };
        verdicts['form-post'] = verdicts['path-suffix'] = { status: 'not-reached' };
        if (verdicts.cookie.status === 'waiting') verdicts.cookie = { status: 'passed' };
      }
    } else {
      verdicts.cookie =
        record.cookieOnGet === true && record.cookieOnPost === true
          ? { status: 'passed' }
          : { status: 'failed', detail: record.cookieOnGet === true ? 'The cookie came back on a link but not on a form POST.' : 'The cookie set by the first step did not come back with the next request.' };
      verdicts.html =
        record.csp === 'enforced'
          ? { status: 'passed' }
          : record.csp === 'missing'
            ? { status: 'failed', detail: 'The page was served without the bridge’s Content-Security-Policy.' }
            : { status: 'failed', detail: 'The check page’s script did not run (the form was sent by hand).' };
      verdicts['form-post'] =
        record.form === 'exact'
          ? { status: 'passed' }
          : {
              status: 'failed',
              detail:
                record.form === 'base64'
                  ? 'The form arrived base64-encoded instead of as an urlencoded body.'
                  : record.form === 'not-a-form'
                    ? 'The form arrived without its urlencoded content type.'
                    : 'The form arrived changed: its values differ from what the browser sent.',
            };
      verdicts['path-suffix'] =
        record.suffix === 'intact'
          ? { status: 'passed' }
          : record.suffix === 'changed'
            ? { status: 'failed', detail: 'The path after the web trigger’s URL arrived changed.' }
            : silent(record.postedAt)
              ? { status: 'failed', detail: 'A form sent to a path after the web trigger’s URL never reached the bridge.' }
              : { status: 'waiting' };
    }
  }
  const labels: Record<BehaviourVerdict['behaviour'], string> = {
    html: 'An HTML page is served as HTML, with the bridge’s Content-Security-Policy',
    redirect: 'A 302 redirect reaches the browser with its Location',
    cookie: 'A cookie (SameSite=None; Secure) set by one request comes back on the next',
    'form-post': 'A form POST arrives as an urlencoded body, byte for byte',
    'path-suffix': 'A form POST to a path after the web trigger’s URL arrives with that path (each further directory’s Redirect URI)',
  };
  const behaviours = (['html', 'redirect', 'cookie', 'form-post', 'path-suffix'] as const).map((behaviour) => ({ behaviour, label: labels[behaviour], ...verdicts[behaviour] }));
  const failed = behaviours.some((verdict) => verdict.status === 'failed');
  const finished = behaviours.every((verdict) => verdict.status !== 'waiting');
  return { finished, behaviours, ...(failed && { remedy: REMEDY }) };
}

/** The report for the wizard: the verdict so far, or a refusal when the ticket is unknown. */
export async function siteCheckReport(ticket: unknown, deps: SiteCheckDependencies): Promise<Result<SiteCheckReport>> {
  if (!isToken(ticket)) return fail('SITE_CHECK_TICKET_INVALID');
  const stored = await readRecord(deps.store, ticket);
  if (!stored.ok) return stored;
  const report = judgeSiteCheck(stored.value, deps.clock.now().getTime());
  return report === undefined ? fail('SITE_CHECK_TICKET_INVALID') : ok(report);
}
