// zod/mini: these schemas are in every web trigger's bundle, and mini's are a fraction of
// classic's to load and build on a cold start (README, design notes). Same checks, same issues.
import * as z from 'zod/mini';
import { isLoopback } from './loopback';

/**
 * The bridge's configuration: one schema shared by the wizard, the resolvers, the local
 * runtime's config file and the tests. Secrets (the client secret, the signing key) are not
 * part of it: they live in secret storage and never travel back to a browser.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GUID as Entra ID shows it, kept in lower case. */
function guid(message: string) {
  return z.pipe(
    z.string().check(z.trim(), z.regex(GUID, message)),
    z.transform((v: string) => v.toLowerCase()),
  );
}

/** An https URL; plain http only on this machine (tests, the demo, a local rehearsal). */
export const webUrl = z.string().check(
  z.trim(),
  z.maxLength(2048),
  z.superRefine((value, context) => {
    if (!URL.canParse(value)) {
      context.addIssue({ code: 'custom', message: 'Enter a full URL, starting with https://' });
      return;
    }
    const url = new URL(value);
    if (!(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url)))) {
      context.addIssue({ code: 'custom', message: 'The URL must start with https://' });
    }
  }),
);

/**
 * The Entra ID clouds' sign-in hosts, as Microsoft's "National clouds" page lists them; the
 * manifest allows egress to exactly these.
 */
export const ENTRA_AUTHORITIES = {
  global: 'https://login.microsoftonline.com',
  usGovernment: 'https://login.microsoftonline.us',
  china: 'https://login.partner.microsoftonline.cn',
} as const;

/**
 * Hosts a cloud may name as the issuer of its tokens besides its sign-in host. China's older
 * host is accepted as an issuer name only: the bridge never sends a request to it.
 */
export const ENTRA_ISSUER_ALIASES: Readonly<Record<string, readonly string[]>> = {
  [ENTRA_AUTHORITIES.china]: ['https://login.chinacloudapi.cn'],
};

/** Authorities saved by earlier versions, read as today's host for the same cloud. */
const LEGACY_AUTHORITIES: Readonly<Record<string, string>> = {
  'https://login.chinacloudapi.cn': ENTRA_AUTHORITIES.china,
};

// Strict objects: an unknown key (a typo, `__proto__`, `constructor`) is refused, not ignored.
export const entraSettingsSchema = z.strictObject({
  /** Entra's sign-in host: global cloud by default, a national cloud, or (loopback only) a stand-in. */
  authority: z.pipe(
    z
      ._default(
        z.pipe(
          webUrl,
          z.transform((value) => (URL.canParse(value) ? (LEGACY_AUTHORITIES[new URL(value).origin] ?? value) : value)),
        ),
        ENTRA_AUTHORITIES.global,
      )
      .check(
        z.refine((value) => {
          if (!URL.canParse(value)) return true; // reported by webUrl
          const url = new URL(value);
          return Object.values(ENTRA_AUTHORITIES).includes(url.origin as never) || isLoopback(url);
        }, 'Choose the Entra ID cloud: global, US Government or China'),
      ),
    // A cloud is its origin; a stand-in on this machine may sit under a path (/demo/entra).
    z.transform((value: string) => {
      if (!URL.canParse(value)) return value;
      const url = new URL(value);
      return isLoopback(url) ? `${url.origin}${url.pathname}`.replace(/\/+$/, '') : url.origin;
    }),
  ),
  /** The Directory (tenant) ID of the app registration. */
  tenantId: guid('The Directory (tenant) ID is a GUID, like 9122040d-6c67-4c5b-b112-36a304b66dad'),
  /** The Application (client) ID of the app registration. */
  clientId: guid('The Application (client) ID is a GUID, like 6731de76-14a6-49ae-97bc-6eba6914391e'),
  /** Sent as `domain_hint`, so Entra ID skips its account picker for this organisation. */
  domainHint: z.optional(z.string().check(z.trim(), z.maxLength(253))),
  /** Which claim becomes the NameID: `email` (default), or the UPN-like claims when they hold an email. */
  nameIdClaim: z._default(z.enum(['email', 'preferred_username', 'upn']), 'email'),
  /**
   * With the NameID from `email`: require Entra's `xms_edov: true`, its word that the tenant
   * verified the email's domain. Off, the allowed-domain list is the only check (the nOAuth
   * risk: an email claim set to an address the account does not own).
   */
  requireXmsEdov: z._default(z.boolean(), true),
});

export const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * An email domain as an admin types it: `@contoso.com` (how it ends an address) is taken as
 * `contoso.com`; an entry that is not a domain is named in its message, so a list says which.
 */
export const domain = z.string().check(
  z.trim(),
  z.toLowerCase(),
  z.overwrite((value) => value.replace(/^@+/, '')),
  z.refine((value) => DOMAIN_NAME.test(value), { error: (issue) => `“${String(issue.input).slice(0, 64)}” is not a domain: enter one like contoso.com` }),
);

const GUARD_ENTITY_ID = /^https:\/\/auth\.atlassian\.com\/saml\/([0-9a-f-]{36})$/;
const GUARD_ACS_URL = /^https:\/\/auth\.atlassian\.com\/login\/callback\?connection=saml-([0-9a-f-]{36})$/;

function isGuardHost(value: string): boolean {
  return URL.canParse(value) && new URL(value).hostname === 'auth.atlassian.com';
}

export const guardSettingsSchema = z
  .strictObject({
    /** Guard's "SP Entity ID". */
    spEntityId: webUrl,
    /** Guard's "SP Assertion Consumer Service URL". */
    acsUrl: webUrl,
    /** The email domains verified in Atlassian Guard; a NameID outside them is refused. */
    allowedDomains: z.array(domain).check(z.minLength(1, 'Add at least one email domain verified in Atlassian Guard'), z.maxLength(100)),
  })
  .check(
    z.superRefine((guard, context) => {
    // Atlassian Guard's own URLs have fixed shapes sharing one connection id; other service
    // providers (a self-hosted test SP, the demo) are taken as they are.
    if (!isGuardHost(guard.spEntityId) && !isGuardHost(guard.acsUrl)) return;
    // A URL that is not https at all is already reported on its own field.
    if (![guard.spEntityId, guard.acsUrl].every((url) => URL.canParse(url) && new URL(url).protocol === 'https:')) return;
    const entityId = GUARD_ENTITY_ID.exec(guard.spEntityId)?.[1];
    const acsId = GUARD_ACS_URL.exec(guard.acsUrl)?.[1];
    if (entityId === undefined) {
      context.addIssue({ code: 'custom', path: ['spEntityId'], message: 'Guard’s SP Entity ID looks like https://auth.atlassian.com/saml/<id>' });
    }
    if (acsId === undefined) {
      context.addIssue({ code: 'custom', path: ['acsUrl'], message: 'Guard’s ACS URL looks like https://auth.atlassian.com/login/callback?connection=saml-<id>' });
    }
    if (entityId !== undefined && acsId !== undefined && entityId !== acsId) {
      context.addIssue({ code: 'custom', path: ['acsUrl'], message: 'The SP Entity ID and the ACS URL name different Guard connections: copy both from the same SAML configuration' });
    }
    }),
  );

/**
 * Several directories behind the one identity provider Guard sees. The first connection is
 * the configuration's own Entra ID settings with Guard's allowed domains (so a setup of one
 * tenant is what it always was); more connections each bring their own directory and their
 * own domains, disjoint from every other connection's. A sign-in is routed by the domain
 * of the email the person gives (Guard's Subject NameID, or the discovery page).
 */
export const MAX_ADDITIONAL_CONNECTIONS = 19;

/** OpenID providers whose quirks the bridge knows, and how each proves an email is the user's. */
export const OIDC_PRESETS = ['generic', 'okta', 'google', 'keycloak', 'auth0', 'ping'] as const;
export type OidcPreset = (typeof OIDC_PRESETS)[number];

export const PRIMARY_CONNECTION_ID = 'primary';
/** A connection's name: it is also the last segment of its Redirect URI, so URL-safe as it is. */
export const CONNECTION_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;
const connectionId = z
  .string()
  .check(
    z.trim(),
    z.regex(CONNECTION_ID, 'A short name of lowercase letters, digits and dashes, like contoso-eu'),
    z.refine((id) => id !== PRIMARY_CONNECTION_ID, 'This name is taken by the first connection'),
  );
const domains = z.array(domain).check(z.minLength(1, 'Add at least one email domain for this directory'), z.maxLength(100));

/** Another Entra ID tenant: every Entra check applies (tid pinned, xms_edov, national clouds). */
export const entraConnectionSchema = z.extend(entraSettingsSchema, {
  id: connectionId,
  kind: z.literal('entra'),
  allowedDomains: domains,
});

/** Google's issuer: whatever preset is chosen, a connection to it is Google's (its hd rule applies). */
export const GOOGLE_ISSUER = 'https://accounts.google.com';

/** The preset a provider's quirks call for, known from its issuer where the issuer says who it is. */
export function presetFor(issuer: string, chosen: OidcPreset): OidcPreset {
  return URL.canParse(issuer) && new URL(issuer).origin === GOOGLE_ISSUER ? 'google' : chosen;
}

/** Another OpenID provider, found by discovery at its issuer URL. */
export const oidcConnectionSchema = z
  .strictObject({
    id: connectionId,
    kind: z.literal('oidc'),
    preset: z._default(z.enum(OIDC_PRESETS), 'generic'),
    /** The issuer URL: discovery is read at {issuer}/.well-known/openid-configuration. */
    issuer: webUrl,
    clientId: z.string().check(z.trim(), z.minLength(1), z.maxLength(256)),
    allowedDomains: domains,
  })
  // Saved or read back: a Google issuer is never checked as a generic provider (no hd rule).
  .check(z.overwrite((connection) => ({ ...connection, preset: presetFor(connection.issuer, connection.preset) })));

export const additionalConnectionSchema = z.discriminatedUnion('kind', [entraConnectionSchema, oidcConnectionSchema]);
export type EntraConnection = z.output<typeof entraConnectionSchema>;
export type OidcConnection = z.output<typeof oidcConnectionSchema>;
export type AdditionalConnection = z.output<typeof additionalConnectionSchema>;

interface ConnectionsShape {
  readonly guard: { readonly allowedDomains: readonly string[] };
  readonly connections?: readonly { readonly id: string; readonly allowedDomains: readonly string[] }[] | undefined;
}

/** A clash between connections: where it is, and what the admin reads. */
export interface ConnectionClash {
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** For a domain held twice: the domain, the connection that held it first, and the one that claims it again. */
  readonly domain?: { readonly name: string; readonly owner: string; readonly claimant: string };
}

/**
 * The one routing rule: connection ids are unique and every email domain belongs to one
 * connection (step 1's tenant holds Guard's domains). Each clash is named where it is. Every
 * path that writes domains (each step, a connection, an import, --config) goes through it,
 * in the schema and again at the save's commit, so no saved setup can route a domain twice.
 */
export function connectionClashes(config: ConnectionsShape): ConnectionClash[] {
  const clashes: ConnectionClash[] = [];
  const owner = new Map<string, string>(config.guard.allowedDomains.map((d) => [d, PRIMARY_CONNECTION_ID]));
  const ids = new Set<string>();
  for (const [index, connection] of (config.connections ?? []).entries()) {
    if (ids.has(connection.id)) clashes.push({ path: ['connections', index, 'id'], message: `Two connections are named ${connection.id}` });
    ids.add(connection.id);
    for (const [domainIndex, name] of connection.allowedDomains.entries()) {
      const taken = owner.get(name);
      if (taken !== undefined) {
        clashes.push({
          path: ['connections', index, 'allowedDomains', domainIndex],
          message: `The domain ${name} already belongs to the connection ${taken}: each domain signs in through one directory`,
          domain: { name, owner: taken, claimant: connection.id },
        });
      } else owner.set(name, connection.id);
    }
  }
  return clashes;
}

/** The routing rule as a schema check. */
export function checkConnections(config: ConnectionsShape, context: z.core.$RefinementCtx): void {
  for (const clash of connectionClashes(config)) context.addIssue({ code: 'custom', path: [...clash.path], message: clash.message });
}

export const bridgeConfigSchema = z
  .strictObject({
    entra: entraSettingsSchema,
    guard: guardSettingsSchema,
    /** More directories behind the same Guard IdP, each with its own domains (connections.ts). */
    connections: z.optional(z.array(additionalConnectionSchema).check(z.maxLength(MAX_ADDITIONAL_CONNECTIONS))),
  })
  .check(z.superRefine((config, context) => checkConnections(config, context)));

export type EntraSettings = z.output<typeof entraSettingsSchema>;
export type GuardSettings = z.output<typeof guardSettingsSchema>;
export type BridgeConfig = z.output<typeof bridgeConfigSchema>;
export type BridgeConfigInput = z.input<typeof bridgeConfigSchema>;
