import { DOMParser, onWarningStopParsing, type Element, type Node } from '@xmldom/xmldom';
import { fail, ok, type Result } from '../../kernel/result';
import { NS } from '../../xml/namespaces';
import type { AuthnRequest, RequestedAuthnContext } from './authn-request';
import { AUTHN_REQUEST_LIMITS as LIMITS } from './limits';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

// Markup declarations are refused before parsing: no DTD means no entity expansion (XXE,
// billion laughs) whatever the parser would do with them.
const MARKUP_DECLARATION = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

// xs:ID is an NCName; we echo it as InResponseTo, so it must be one.
const NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

// xs:dateTime as SAML requires it: UTC, with optional fractional seconds.
const UTC_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

function childElements(parent: Node): Element[] {
  const elements: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === ELEMENT_NODE) elements.push(node as Element);
  }
  return elements;
}

function isElement(element: Element, namespace: string, localName: string): boolean {
  return element.namespaceURI === namespace && element.localName === localName;
}

/**
 * The text of an element that must hold text only. A comment, CDATA section or child
 * element inside it is refused: such splits are how "comment truncation" attacks make two
 * readers see two different values.
 */
function plainText(element: Element): string | undefined {
  let text = '';
  for (let node = element.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType !== TEXT_NODE) return undefined;
    text += node.nodeValue ?? '';
  }
  return text.trim();
}

function optionalAttribute(element: Element, name: string): string | undefined {
  return element.hasAttribute(name) ? element.getAttribute(name) ?? undefined : undefined;
}

function xsBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return undefined;
}

function parseDocument(xml: string): Result<Element> {
  if (MARKUP_DECLARATION.test(xml)) return fail('SAML_REQUEST_DTD_FORBIDDEN');
  try {
    const document = new DOMParser({ onError: onWarningStopParsing }).parseFromString(xml, 'text/xml');
    const roots = childElements(document);
    if (roots.length !== 1 || roots[0] === undefined) return fail('SAML_REQUEST_MULTIPLE_ROOTS');
    return ok(roots[0]);
  } catch (error) {
    // xmldom reports a second document element as a DOM hierarchy error.
    if (error instanceof Error && error.message.includes('Only one element can be added')) {
      return fail('SAML_REQUEST_MULTIPLE_ROOTS');
    }
    return fail('SAML_REQUEST_NOT_XML');
  }
}

function readIssuer(root: Element): Result<string> {
  const issuers = childElements(root).filter((e) => isElement(e, NS.assertion, 'Issuer'));
  if (issuers.length !== 1 || issuers[0] === undefined) return fail('SAML_ISSUER_UNKNOWN', 'the request must have exactly one Issuer');
  const issuer = plainText(issuers[0]);
  if (issuer === undefined || issuer === '') return fail('SAML_ISSUER_UNKNOWN', 'the Issuer must be plain text');
  return ok(issuer);
}

function readSubjectNameId(root: Element): string | undefined {
  const subject = childElements(root).find((e) => isElement(e, NS.assertion, 'Subject'));
  const nameId = subject && childElements(subject).find((e) => isElement(e, NS.assertion, 'NameID'));
  const text = nameId && plainText(nameId);
  return text === '' ? undefined : text;
}

function readNameIdPolicy(root: Element): AuthnRequest['nameIdPolicy'] {
  const policy = childElements(root).find((e) => isElement(e, NS.protocol, 'NameIDPolicy'));
  if (policy === undefined) return undefined;
  const format = optionalAttribute(policy, 'Format');
  const allowCreate = xsBoolean(optionalAttribute(policy, 'AllowCreate'));
  return { ...(format !== undefined && { format }), ...(allowCreate !== undefined && { allowCreate }) };
}

const COMPARISONS = ['exact', 'minimum', 'maximum', 'better'] as const;

/**
 * `samlp:RequestedAuthnContext`: its class references as plain text. Declaration references,
 * an unknown comparison or a reference that is not plain text leave nothing it could meet:
 * an empty list, which no comparison is satisfied by.
 */
function readRequestedAuthnContext(root: Element): RequestedAuthnContext | undefined {
  const requested = childElements(root).find((e) => isElement(e, NS.protocol, 'RequestedAuthnContext'));
  if (requested === undefined) return undefined;
  const comparison = optionalAttribute(requested, 'Comparison') ?? 'exact';
  const known = (COMPARISONS as readonly string[]).includes(comparison) ? (comparison as RequestedAuthnContext['comparison']) : 'exact';
  const children = childElements(requested);
  const refs = children.filter((e) => isElement(e, NS.assertion, 'AuthnContextClassRef')).map((e) => plainText(e));
  const understood = (COMPARISONS as readonly string[]).includes(comparison) && refs.length === children.length && refs.every((ref) => ref !== undefined && ref !== '');
  return { comparison: known, classRefs: understood ? (refs as string[]) : [] };
}

/**
 * Reads an AuthnRequest document: one root element `samlp:AuthnRequest`, Version 2.0, an
 * NCName ID, a UTC IssueInstant and one plain-text Issuer. Only the root's own children are
 * read, so elements smuggled deeper (signature-wrapping shapes) are never looked at.
 */
export function parseAuthnRequest(xml: string): Result<AuthnRequest> {
  const parsed = parseDocument(xml);
  if (!parsed.ok) return parsed;
  const root = parsed.value;
  if (!isElement(root, NS.protocol, 'AuthnRequest')) return fail('SAML_REQUEST_WRONG_ROOT');
  if (root.getAttribute('Version') !== '2.0') return fail('SAML_REQUEST_VERSION');

  const id = root.getAttribute('ID') ?? '';
  if (id.length > LIMITS.maxIdLength || !NCNAME.test(id)) return fail('SAML_REQUEST_ID_INVALID');

  const instantText = root.getAttribute('IssueInstant') ?? '';
  const issueInstant = new Date(instantText);
  if (!UTC_DATE_TIME.test(instantText) || Number.isNaN(issueInstant.getTime())) {
    return fail('SAML_REQUEST_INSTANT_INVALID');
  }

  const issuer = readIssuer(root);
  if (!issuer.ok) return issuer;

  const destination = optionalAttribute(root, 'Destination');
  const assertionConsumerServiceUrl = optionalAttribute(root, 'AssertionConsumerServiceURL');
  const protocolBinding = optionalAttribute(root, 'ProtocolBinding');
  const nameIdPolicy = readNameIdPolicy(root);
  const subjectNameId = readSubjectNameId(root);
  const requestedAuthnContext = readRequestedAuthnContext(root);
  return ok({
    id,
    issuer: issuer.value,
    issueInstant,
    forceAuthn: xsBoolean(optionalAttribute(root, 'ForceAuthn')) ?? false,
    isPassive: xsBoolean(optionalAttribute(root, 'IsPassive')) ?? false,
    ...(destination !== undefined && { destination }),
    ...(assertionConsumerServiceUrl !== undefined && { assertionConsumerServiceUrl }),
    ...(protocolBinding !== undefined && { protocolBinding }),
    ...(nameIdPolicy !== undefined && { nameIdPolicy }),
    ...(subjectNameId !== undefined && { subjectNameId }),
    ...(requestedAuthnContext !== undefined && { requestedAuthnContext }),
  });
}
