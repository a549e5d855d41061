import { Heading, Link, List, ListItem, SectionMessage, Stack, Text } from '@forge/react';

export interface GetStartedPageProps {
  /** The setup wizard's address in this Jira site, when the app's IDs are known. */
  readonly wizardPath?: string;
}

/**
 * The "Get started" page (UI Kit): what an admin needs before the three-step wizard, and
 * the way to it.
 */
export function GetStartedPage({ wizardPath }: GetStartedPageProps) {
  return (
    <Stack space="space.200">
      <Heading as="h1">Sign in to Atlassian with Microsoft Entra ID</Heading>
      <Text>
        This app lets your people sign in to Atlassian Cloud with their Entra ID accounts over OpenID Connect. Atlassian
        Guard sees it as a SAML identity provider.
      </Text>
      <Heading as="h2">Before you start</Heading>
      <List type="unordered">
        <ListItem>
          <Text>An Atlassian Guard subscription for your organization (admin.atlassian.com).</Text>
        </ListItem>
        <ListItem>
          <Text>Your email domain verified in Atlassian Guard (Settings → Domains).</Text>
        </ListItem>
        <ListItem>
          <Text>Rights to create an app registration in Entra ID (Application Developer, or Cloud Application Administrator).</Text>
        </ListItem>
        <ListItem>
          <Text>About 15 minutes, and a second admin account outside your verified domains to keep as a break-glass login.</Text>
        </ListItem>
      </List>
      <Heading as="h2">The three steps</Heading>
      <List type="ordered">
        <ListItem>
          <Text>Entra ID app: register the callback URL, then paste the Client ID, Tenant ID and client secret.</Text>
        </ListItem>
        <ListItem>
          <Text>Atlassian Guard: paste the IdP Entity ID, SSO URL and certificate into Guard, and Guard’s SP Entity ID and ACS URL here.</Text>
        </ListItem>
        <ListItem>
          <Text>Enforce: run a test sign-in, then enforce single sign-on in an authentication policy.</Text>
        </ListItem>
      </List>
      {wizardPath === undefined ? (
        <SectionMessage appearance="information">
          <Text>Open the setup wizard from Apps → Manage apps → Entra ID SSO bridge → Configure.</Text>
        </SectionMessage>
      ) : (
        <Text>
          <Link href={wizardPath}>Open the setup wizard</Link>
        </Text>
      )}
    </Stack>
  );
}

/**
 * The wizard's path from the module's localId
 * (`ari:cloud:ecosystem::extension/{appId}/{environmentId}/static/{moduleKey}`).
 */
export function wizardPathFrom(localId: string | undefined): string | undefined {
  const match = /^ari:cloud:ecosystem::extension\/([0-9a-f-]{36})\/([0-9a-f-]{36})\//.exec(localId ?? '');
  return match === null ? undefined : `/jira/settings/apps/${match[1]}/${match[2]}`;
}
