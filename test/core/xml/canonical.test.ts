import { DOMParser } from '@xmldom/xmldom';
import { ExclusiveCanonicalization } from 'xml-crypto';
import { describe, expect, it } from 'vitest';
import { element, escapeAttribute, escapeText, isXmlSafe, startTag, textElement } from '../../../src/core/xml/canonical';

/**
 * What canonical.ts writes must already be exclusive canonical XML: a verifier parses it,
 * canonicalises it again and takes the digest of that. xml-crypto's exc-c14n (the one
 * node-saml verifies our signatures with) must give back the very same bytes.
 */
function recanonicalised(xml: string): string {
  const document = new DOMParser().parseFromString(xml, 'text/xml');
  const root = document.documentElement;
  if (root === null) throw new Error('no root element');
  return new ExclusiveCanonicalization().process(root as unknown as Element, {});
}

const SAMLP = ['samlp', 'urn:oasis:names:tc:SAML:2.0:protocol'] as const;
const SAML = ['saml', 'urn:oasis:names:tc:SAML:2.0:assertion'] as const;

describe('canonical XML', () => {
  it('writes what exc-c14n gives back unchanged: namespaces by prefix, attributes by name, escapes', () => {
    const xml = element(
      'samlp:Response',
      { Version: '2.0', ID: '_r1', Destination: 'https://auth.atlassian.com/login/callback?connection=a&b="c"', IssueInstant: '2026-12-04T20:00:00Z' },
      textElement('saml:Issuer', 'https://bridge.example.net/saml/metadata', {}, [SAML]) +
        element('saml:Assertion', { ID: '_a1', Version: '2.0' }, textElement('saml:AttributeValue', 'Ann <&> "O\'Neil"\r ü✓ \u{1F600}', { Name: 'tab\there\nline\rcr' }), [SAML]),
      // Each element declares only the prefixes it visibly uses (the caller's part of the contract).
      [SAMLP],
    );
    expect(recanonicalised(xml)).toBe(xml);
    // Namespaces first and sorted by prefix, then attributes in code-point order.
    expect(startTag('samlp:Response', { b: '1', A: '2', a: '3' }, [SAMLP, SAML])).toBe(
      '<samlp:Response xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" A="2" a="3" b="1">',
    );
  });

  it('declares a default namespace, leaves out undefined attributes, and writes no self-closing tags', () => {
    const xml = element('EntityDescriptor', { entityID: 'https://x.example/', validUntil: undefined }, element('SPSSODescriptor', {}, ''), [['', 'urn:oasis:names:tc:SAML:2.0:metadata']]);
    expect(xml).toBe('<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://x.example/"><SPSSODescriptor></SPSSODescriptor></EntityDescriptor>');
    expect(recanonicalised(xml)).toBe(xml);
  });

  it('escapes text and attributes as exc-c14n does, and nothing more', () => {
    expect(escapeText('a&b<c>d\re"f\'g\th\ni')).toBe('a&amp;b&lt;c&gt;d&#xD;e"f\'g\th\ni');
    expect(escapeAttribute('a&b<c>d"e\tf\ng\rh\'')).toBe('a&amp;b&lt;c>d&quot;e&#x9;f&#xA;g&#xD;h\'');
    expect(escapeText('plain')).toBe('plain');
  });

  it('tells what XML cannot carry at all', () => {
    expect(isXmlSafe('Ann\t\n\r ü✓ \u{1F600}\uFFFD')).toBe(true);
    for (const unsafe of ['\u0000', '\u0008', '\u000B', '\u001F', '\uFFFE', '\uFFFF', '\uD800', 'a\uDC00b']) expect(isXmlSafe(unsafe), JSON.stringify(unsafe)).toBe(false);
  });
});
