import TestRenderer from 'react-test-renderer';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Page from '../../src/forge/get-started/get-started-page';

// @forge/react asks for the host product's bridge when it loads; inside Jira the page frame
// provides it. Here nothing is called through it: the page is rendered by React's test renderer.
let GetStartedPage: typeof Page.GetStartedPage;
let wizardPathFrom: typeof Page.wizardPathFrom;
beforeAll(async () => {
  (globalThis as { __bridge?: unknown }).__bridge = { callBridge: async () => undefined };
  ({ GetStartedPage, wizardPathFrom } = await import('../../src/forge/get-started/get-started-page'));
});

function texts(node: TestRenderer.ReactTestRendererJSON | TestRenderer.ReactTestRendererJSON[] | string | null): string[] {
  if (node === null) return [];
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(texts);
  return (node.children ?? []).flatMap((child) => texts(child));
}

describe('the UI Kit Get started page', () => {
  it('renders the prerequisites and the three steps as UI Kit components', () => {
    const tree = TestRenderer.create(<GetStartedPage wizardPath="/jira/settings/apps/a/b" />);
    const root = tree.root;
    expect(root.findAllByType('Heading' as never).map((h) => texts(h.props.children as never).join(''))).toEqual([
      'Sign in to Atlassian with Microsoft Entra ID',
      'Before you start',
      'The three steps',
    ]);
    const all = texts(tree.toJSON()).join(' ');
    expect(all).toContain('Atlassian Guard subscription');
    expect(all).toContain('email domain verified in Atlassian Guard');
    expect(all).toContain('app registration in Entra ID');
    expect(root.findAllByType('ListItem' as never)).toHaveLength(7);
    expect(root.findByType('Link' as never).props.href).toBe('/jira/settings/apps/a/b');
  });

  it('says where the wizard is when the link cannot be made', () => {
    const tree = TestRenderer.create(<GetStartedPage />);
    expect(tree.root.findAllByType('Link' as never)).toHaveLength(0);
    const message = tree.root.findByType('SectionMessage' as never);
    expect(message.props.appearance).toBe('information');
    expect(message.findByType('Text' as never).props.children).toContain('Apps → Manage apps');
  });

  it('derives the wizard path from the module localId', () => {
    expect(wizardPathFrom('ari:cloud:ecosystem::extension/7c1f4b2e-3d5a-4e8f-9b6c-2a1d0e9f8b7c/0d2e8a51-2b4c-4d6e-8f90-1a2b3c4d5e6f/static/sso-bridge-get-started')).toBe(
      '/jira/settings/apps/7c1f4b2e-3d5a-4e8f-9b6c-2a1d0e9f8b7c/0d2e8a51-2b4c-4d6e-8f90-1a2b3c4d5e6f',
    );
    expect(wizardPathFrom(undefined)).toBeUndefined();
    expect(wizardPathFrom('javascript:alert(1)')).toBeUndefined();
  });
});
