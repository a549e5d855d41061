import { randomBytes } from 'node:crypto';
import { element, endTag, isXmlSafe, startTag, textElement } from '../xml/canonical';
import { NS } from '../xml/namespaces';
import { fail, ok, type Result } from '../kernel/result';
import {
  ATTRIBUTE_NAME_FORMAT_URI,
  AUTHN_CONTEXT_PASSWORD_PROTECTED,
  CONFIRMATION_BEARER,
  NAMEID_FORMAT,
} from './constants';
import type { SignableElement } from './xml-signature';

export interface SamlAttribute {
  /** The attribute's URI, e.g. one of GUARD_CLAIM. */
  readonly name: string;
  readonly values: readonly string[];
}

/** Who signed in, as the upstream sign-in established it. Values are raw: the writer escapes. */
export interface AuthenticatedSubject {
  /** The NameID: the user's email address. */
  readonly nameId: string;
  readonly attributes: readonly SamlAttribute[];
  /** When the user authenticated upstream; defaults to the time of minting. */
  readonly authnInstant?: Date;
  readonly authnContextClassRef?: string;
}

/** Where and to whom an assertion is issued. */
export interface AssertionContext {
  readonly issuer: string;
  /** The SP Entity ID: the assertion's only audience. */
  readonly audience: string;
  /** The saved ACS URL: Recipient of the assertion and Destination of the Response. */
  readonly acsUrl: string;
  /** The AuthnRequest's ID; absent for an IdP-initiated sign-in. */
  readonly inResponseTo?: string;
  readonly now: Date;
}

/** An assertion before signing: its values, fixed once, and its canonical XML. */
export interface Assertion extends SignableElement {
  readonly issueInstant: string;
  readonly notOnOrAfter: string;
  readonly sessionIndex: string;
}

/** How long an assertion may be presented; Guard consumes it within seconds. */
export const ASSERTION_LIFETIME_SECONDS = 300;
/** Allowance for a service provider whose clock is behind ours. */
export const NOT_BEFORE_SKEW_SECONDS = 120;

/** An xs:ID value: starts with a letter or underscore, as NCName requires; 160 random bits. */
export function newSamlId(): string {
  return `_${randomBytes(20).toString('hex')}`;
}

function instant(date: Date): string {
  return date.toISOString();
}

function shiftSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}

function attributeStatement(attributes: readonly SamlAttribute[]): string {
  const present = attributes.filter((a) => a.values.length > 0);
  if (present.length === 0) return '';
  let content = '';
  for (const attribute of present) {
    let values = '';
    for (const value of attribute.values) values += textElement('saml:AttributeValue', value);
    content += element('saml:Attribute', { Name: attribute.name, NameFormat: ATTRIBUTE_NAME_FORMAT_URI }, values);
  }
  return element('saml:AttributeStatement', {}, content);
}

function unrepresentable(subject: AuthenticatedSubject, context: AssertionContext): string | undefined {
  if (subject.nameId.trim() === '') return 'the NameID is empty';
  const texts = [
    subject.nameId,
    context.issuer,
    context.audience,
    context.acsUrl,
    context.inResponseTo ?? '',
    subject.authnContextClassRef ?? '',
    ...subject.attributes.flatMap((a) => [a.name, ...a.values]),
  ];
  return texts.every(isXmlSafe) ? undefined : 'a value holds characters XML cannot carry';
}

/**
 * Builds the `saml:Assertion` (SAML core §2.3.3) for the subject: Issuer, Subject with a
 * bearer confirmation bound to the ACS and the request, Conditions with the SP as audience,
 * AuthnStatement and AttributeStatement, in schema order.
 */
export function makeAssertion(subject: AuthenticatedSubject, context: AssertionContext): Result<Assertion> {
  const problem = unrepresentable(subject, context);
  if (problem !== undefined) return fail('SAML_VALUE_NOT_REPRESENTABLE', problem);

  const id = newSamlId();
  const sessionIndex = newSamlId();
  const issueInstant = instant(context.now);
  const notOnOrAfter = instant(shiftSeconds(context.now, ASSERTION_LIFETIME_SECONDS));
  const notBefore = instant(shiftSeconds(context.now, -NOT_BEFORE_SKEW_SECONDS));

  const head =
    startTag('saml:Assertion', { ID: id, IssueInstant: issueInstant, Version: '2.0' }, [['saml', NS.assertion]]) +
    textElement('saml:Issuer', context.issuer);

  const subjectXml = element(
    'saml:Subject',
    {},
    textElement('saml:NameID', subject.nameId, { Format: NAMEID_FORMAT.emailAddress }) +
      element(
        'saml:SubjectConfirmation',
        { Method: CONFIRMATION_BEARER },
        element(
          'saml:SubjectConfirmationData',
          { InResponseTo: context.inResponseTo, NotOnOrAfter: notOnOrAfter, Recipient: context.acsUrl },
          '',
        ),
      ),
  );
  const conditions = element(
    'saml:Conditions',
    { NotBefore: notBefore, NotOnOrAfter: notOnOrAfter },
    element('saml:AudienceRestriction', {}, textElement('saml:Audience', context.audience)),
  );
  const authnStatement = element(
    'saml:AuthnStatement',
    { AuthnInstant: instant(subject.authnInstant ?? context.now), SessionIndex: sessionIndex },
    element(
      'saml:AuthnContext',
      {},
      textElement('saml:AuthnContextClassRef', subject.authnContextClassRef ?? AUTHN_CONTEXT_PASSWORD_PROTECTED),
    ),
  );

  const tail = subjectXml + conditions + authnStatement + attributeStatement(subject.attributes) + endTag('saml:Assertion');
  return ok({ id, head, tail, issueInstant, notOnOrAfter, sessionIndex });
}
