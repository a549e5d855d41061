import { endTag, startTag, element, textElement } from '../xml/canonical';
import { NS } from '../xml/namespaces';
import { STATUS_SUCCESS } from './constants';
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

/**
 * Wraps the assertion in a successful `samlp:Response` to the ACS and signs both: the
 * assertion first, then the Response around the signed assertion, so that a service
 * provider that checks either signature (or both, as Guard may) accepts it.
 */
export function makeResponse(assertion: Assertion, context: AssertionContext, key: SigningKey): SamlResponse {
  const id = newSamlId();
  const signedAssertion = signEnveloped(assertion, key);
  const head =
    startTag(
      'samlp:Response',
      {
        Destination: context.acsUrl,
        ID: id,
        InResponseTo: context.inResponseTo,
        IssueInstant: assertion.issueInstant,
        Version: '2.0',
      },
      [['samlp', NS.protocol]],
    ) + textElement('saml:Issuer', context.issuer, {}, [['saml', NS.assertion]]);
  const status = element('samlp:Status', {}, element('samlp:StatusCode', { Value: STATUS_SUCCESS }, ''));
  const tail = status + signedAssertion + endTag('samlp:Response');
  const xml = signEnveloped({ id, head, tail }, key);
  return context.inResponseTo === undefined
    ? { id, destination: context.acsUrl, xml }
    : { id, inResponseTo: context.inResponseTo, destination: context.acsUrl, xml };
}
