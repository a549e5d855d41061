import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type SignatureLocation = 'response' | 'assertion';

const XPATH: Record<SignatureLocation, string> = {
  response: "/*[local-name()='Response']/*[local-name()='Signature']",
  assertion: "//*[local-name()='Assertion']/*[local-name()='Signature']",
};

/**
 * Verifies one signature of a Response with Debian's xmlsec1 (libxml2 + OpenSSL), an
 * implementation independent of the JavaScript stack. The key comes only from the given
 * certificate (`--enabled-key-data rsa`), never from the document's KeyInfo.
 */
export async function xmlsecVerifies(responseXml: string, certificatePem: string, location: SignatureLocation): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'xmlsec-'));
  try {
    await writeFile(join(dir, 'response.xml'), responseXml);
    await writeFile(join(dir, 'cert.pem'), certificatePem);
    await run('xmlsec1', [
      '--verify',
      '--enabled-key-data', 'rsa',
      '--pubkey-cert-pem', join(dir, 'cert.pem'),
      '--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:protocol:Response',
      '--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion',
      '--node-xpath', XPATH[location],
      join(dir, 'response.xml'),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
