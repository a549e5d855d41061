import { guardSettingsSchema } from '../../config/schema';
import { newToken } from '../../kernel/token';
import { newCheckRecord, siteCheckKey, siteCheckReport, SITE_CHECK_TTL_SECONDS } from '../../site-check/site-check';
import { adminAction, NO_PAYLOAD } from '../admin-action';
import { fromResult, refuse, type ApiResult } from '../api-result';
import { explainGuardErrorPage, type GuardErrorReading } from '../guard-error-page';
import { publishedCertificates } from '../published-certificates';
import { summarizeCertificate } from '../../saml/signing-identity';
import { commit, commitRotation } from '../commit';
import { activateNext, prepareNext, rollBack } from '../signing-rotation';
import * as z from 'zod';

/** Step 2, Atlassian Guard: its SP and ACS, the bridge's signing key and its rotation, and the site check. */

const saveGuardStep = adminAction({
  payload: guardSettingsSchema,
  confirmable: true,
  async handle(guard, context, confirmed) {
    const config = await context.current();
    if (!config.ok) return config;
    return commit(context, config.value, { guard }, undefined, { action: 'saveGuardStep', confirmTrustChange: confirmed });
  },
});

/** The first signing key. Later changes go through the rotation actions, so Guard is never left behind. */
const createSigningKey = adminAction({
  payload: NO_PAYLOAD,
  async handle(_payload, context) {
    const config = await context.current();
    if (!config.ok) return config;
    if (config.value.signing !== undefined) return refuse('SETUP_INCOMPLETE', { signing: 'A signing key exists: rotate it (prepare, paste into Guard, activate) instead.' });
    const pair = context.newKeyPair();
    const secrets = { ...(await context.readSecrets(config.value)), signing: pair };
    return commit(context, config.value, { signing: { certificatePem: pair.certificatePem, createdAt: context.now().toISOString() } }, secrets, { action: 'createSigningKey' });
  },
});

/** Rotation, step 1: a next key, published in metadata; the current key keeps signing. */
const prepareNextSigningKey = adminAction({
  payload: NO_PAYLOAD,
  handle: (_payload, context) => commitRotation(context, 'prepareNextSigningKey', (config, secrets) => prepareNext(config, secrets, context.newKeyPair(), context.now().toISOString())),
});

/** Rotation, step 2: the next key signs from now on (after its certificate is in Guard). */
const activateNextSigningKey = adminAction({
  payload: NO_PAYLOAD,
  handle: (_payload, context) => commitRotation(context, 'activateNextSigningKey', activateNext),
});

/** Rotation, undone: the previous key signs again. */
const rollBackSigningKey = adminAction({
  payload: NO_PAYLOAD,
  handle: (_payload, context) => commitRotation(context, 'rollBackSigningKey', (config, secrets) => rollBack(config, secrets, context.now().toISOString())),
});

/** A one-time link that proves, on this site, the web-trigger behaviours the sign-in needs. */
const startSiteCheck = adminAction({
  payload: NO_PAYLOAD,
  async handle(_payload, context) {
    const ticket = newToken();
    await context.deps.loginStore.put(siteCheckKey(ticket), newCheckRecord(context.now()), SITE_CHECK_TTL_SECONDS);
    const url = new URL((await context.deps.endpoints()).healthUrl);
    url.searchParams.set('check', ticket);
    return { ok: true, value: { url: url.href, ticket } };
  },
});

/** What the site check has proven so far, behaviour by behaviour (an unknown ticket is the check's own refusal). */
const getSiteCheckResult = adminAction({
  payload: z.object({ ticket: z.unknown() }),
  handle: async ({ ticket }, context) => fromResult(await siteCheckReport(ticket, { store: context.deps.loginStore, clock: context.deps.clock })),
});

/** The address of Atlassian's sign-in error page, explained: the cause and the fix, with the bridge's side of it. */
const explainGuardError = adminAction({
  payload: z.strictObject({ address: z.string().trim().min(1, 'Paste the address of Atlassian’s error page').max(8192, 'An address of at most 8,192 characters') }),
  async handle({ address }, context): Promise<ApiResult<GuardErrorReading>> {
    const config = await context.inForce();
    if (!config.ok) return config;
    const fingerprints = publishedCertificates(config.value).map((pem) => summarizeCertificate(pem).fingerprintSha256);
    return { ok: true, value: explainGuardErrorPage(address, { fingerprints, now: context.now() }) };
  },
});

export const GUARD_ACTIONS = { saveGuardStep, createSigningKey, prepareNextSigningKey, activateNextSigningKey, rollBackSigningKey, startSiteCheck, getSiteCheckResult, explainGuardError };
