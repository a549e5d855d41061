import { escapeHtml, htmlResponse } from '../http/html';
import type { HttpResponse } from '../http/types';

/** What the HTTP-POST binding carries to the ACS. */
export interface PostBindingMessage {
  readonly acsUrl: string;
  /** The Response document; base64-encoded here, as the binding requires. */
  readonly responseXml: string;
  readonly relayState?: string;
}

// Fixed text, so its hash in the CSP never changes. The button stays visible: without
// JavaScript the person clicks it, with JavaScript the form is sent at once.
const AUTO_SUBMIT = "document.getElementById('saml-post').submit();";

/** The page that posts SAMLResponse (and RelayState) to the ACS and submits itself. */
export function writePostForm(message: PostBindingMessage): HttpResponse {
  const relayState =
    message.relayState === undefined
      ? ''
      : `<input type="hidden" name="RelayState" value="${escapeHtml(message.relayState)}">`;
  const samlResponse = Buffer.from(message.responseXml, 'utf8').toString('base64');
  return htmlResponse({
    status: 200,
    title: 'Signing you in to Atlassian',
    body:
      `<form id="saml-post" method="post" action="${escapeHtml(message.acsUrl)}">` +
      `<input type="hidden" name="SAMLResponse" value="${samlResponse}">${relayState}` +
      '<h1>Signing you in to Atlassian…</h1>' +
      '<p>If nothing happens, press Continue.</p><button type="submit">Continue</button></form>',
    script: AUTO_SUBMIT,
  });
}
