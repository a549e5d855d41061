import { endTag, startTag, element, textElement } from '../xml/canonical';
import { NS } from '../xml/namespaces';
import { STATUS_SUCCESS, type SamlStatus } from './constants';
import { newSamlId, type Assertion, type AssertionContext } from './assertion';
import { signEnveloped } from './xml-signature';
import type { SigningKey } from './signing-identity';

/** A signed `samlp:Response`, ready for the HTTP-POST binding. */
export interface SamlResponse {
  readonly id: string;
  readonly inResponseTo?: string;
  readonly destination: string;
  /** The whole Response document (UTF-8, no XML declaration). */
  readonly xml: string;
}

function responseHead(id: string, context: AssertionContext, issueInstant: string): string {
  return (
    startTag(
      'samlp:Response',
      {
        Destination: context.acsUrl,
        ID: id,
        InResponseTo: context.inResponseTo,
        IssueInstant: issueInstant,
        Version: '2.0',
      },
      [['samlp', NS.protocol]],
    ) + textElement('saml:Issuer', context.issuer, {}, [['saml', NS.assertion]])
  );
}

function described(id: string, context: AssertionContext, xml: string): SamlResponse {
  return context.inResponseTo === undefined
    ? { id, destination: context.acsUrl, xml }
    : { id, inResponseTo: context.inResponseTo, destination: context.acsUrl, xml };
}

/**
 * Wraps the assertion in a successful `samlp:Response` to the ACS and signs both: the
 * assertion first, then the Response around the signed assertion, so that a service
 * provider that checks either signature (or both, as Guard may) accepts it.
 */
export function makeResponse(assertion: Assertion, context: AssertionContext, key: SigningKey): SamlResponse {
  const id = newSamlId();
  const signedAssertion = signEnveloped(assertion, key);
  const status = element('samlp:Status', {}, element('samlp:StatusCode', { Value: STATUS_SUCCESS }, ''));
  const xml = signEnveloped({ id, head: responseHead(id, context, assertion.issueInstant), tail: status + signedAssertion + endTag('samlp:Response') }, key);
  return described(id, context, xml);
}

/**
 * A signed `samlp:Response` that carries no assertion, only why (SAML core §3.2.2.2): the
 * answer SAML requires when, for example, a passive sign-in would need the person to act.
 */
export function makeStatusResponse(status: SamlStatus, context: AssertionContext, key: SigningKey): SamlResponse {
  const id = newSamlId();
  const statusXml = element('samlp:Status', {}, element('samlp:StatusCode', { Value: status.code }, element('samlp:StatusCode', { Value: status.subCode }, '')));
  const xml = signEnveloped({ id, head: responseHead(id, context, context.now.toISOString()), tail: statusXml + endTag('samlp:Response') }, key);
  return described(id, context, xml);
}
