/**
 * Writes XML that is already in Exclusive XML Canonicalization form (exc-c14n, without
 * comments), so that a signature's digest can be taken over the very bytes we emit, with
 * no parse-and-canonicalise round trip. That is what keeps minting a signed Response close
 * to the cost of its two RSA signatures.
 *
 * The rules followed (W3C xml-exc-c14n, C14N 1.0 §2.3):
 * - no XML declaration, no whitespace between elements, no self-closing tags;
 * - every element declares exactly the namespace prefixes it visibly uses that an output
 *   ancestor has not already declared (callers pass them in `namespaces`);
 * - namespace declarations first, sorted by prefix; then attributes (all unprefixed here)
 *   sorted by name in code-point order;
 * - text escapes `& < >` and CR; attribute values escape `& < "` and TAB, LF, CR.
 * Verifiers re-canonicalise what they parse; tests check every signature with two
 * independent ones (xml-crypto via node-saml, and xmlsec1).
 */

/** One namespace declaration: [prefix, namespace URI]. */
export type NamespaceDeclaration = readonly [prefix: string, uri: string];

/** Attributes by (unprefixed) name; `undefined` leaves the attribute out. */
export type Attributes = Readonly<Record<string, string | undefined>>;

// XML 1.0 Char production: anything outside it (most C0 controls, lone surrogates, U+FFFE,
// U+FFFF) cannot be written at all, escaped or not.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export function isXmlSafe(value: string): boolean {
  return !NOT_XML_CHAR.test(value);
}

const TEXT_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};

/** Escapes character data as exc-c14n writes it. The value must be `isXmlSafe`. */
export function escapeText(value: string): string {
  return /[&<>\r]/.test(value) ? value.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] ?? c) : value;
}

/** Escapes an attribute value as exc-c14n writes it. The value must be `isXmlSafe`. */
export function escapeAttribute(value: string): string {
  return /[&<"\t\n\r]/.test(value) ? value.replace(/[&<"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c) : value;
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The canonical start tag of an element. */
export function startTag(
  qualifiedName: string,
  attributes: Attributes = {},
  namespaces: readonly NamespaceDeclaration[] = [],
): string {
  let tag = `<${qualifiedName}`;
  for (const [prefix, uri] of [...namespaces].sort((a, b) => compareCodePoints(a[0], b[0]))) {
    tag += prefix === '' ? ` xmlns="${escapeAttribute(uri)}"` : ` xmlns:${prefix}="${escapeAttribute(uri)}"`;
  }
  for (const name of Object.keys(attributes).sort(compareCodePoints)) {
    const value = attributes[name];
    if (value !== undefined) tag += ` ${name}="${escapeAttribute(value)}"`;
  }
  return `${tag}>`;
}

export function endTag(qualifiedName: string): string {
  return `</${qualifiedName}>`;
}

/** A whole canonical element around already-canonical `content` (markup or escaped text). */
export function element(
  qualifiedName: string,
  attributes: Attributes,
  content: string,
  namespaces: readonly NamespaceDeclaration[] = [],
): string {
  return startTag(qualifiedName, attributes, namespaces) + content + endTag(qualifiedName);
}

/** A canonical element holding only text. */
export function textElement(
  qualifiedName: string,
  text: string,
  attributes: Attributes = {},
  namespaces: readonly NamespaceDeclaration[] = [],
): string {
  return element(qualifiedName, attributes, escapeText(text), namespaces);
}
