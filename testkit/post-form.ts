import { DOMParser } from '@xmldom/xmldom';

export interface PostedForm {
  readonly action: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** Reads the POST form page the way a browser's HTML parser would see its form. */
export function readPostForm(html: string): PostedForm {
  const document = new DOMParser().parseFromString(html, 'text/html');
  const form = document.getElementsByTagName('form')[0];
  if (form === undefined) throw new Error('no form in the page');
  const fields: Record<string, string> = {};
  const inputs = form.getElementsByTagName('input');
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    if (input) fields[input.getAttribute('name') ?? ''] = input.getAttribute('value') ?? '';
  }
  return { action: form.getAttribute('action') ?? '', fields };
}

export function decodedSamlResponse(html: string): string {
  const value = readPostForm(html).fields['SAMLResponse'];
  if (value === undefined) throw new Error('no SAMLResponse in the form');
  return Buffer.from(value, 'base64').toString('utf8');
}
