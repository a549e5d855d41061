import type { StoredConfig } from './stored-setup';

/**
 * The certificates metadata publishes: the one signing, the next one during a rotation, and
 * the key of a change of trust prepared, so each can be given to Guard before it signs.
 */
export function publishedCertificates(config: StoredConfig | undefined): string[] {
  return [config?.signing?.certificatePem, config?.nextSigning?.certificatePem, config?.staged?.certificate.certificatePem].filter((pem): pem is string => pem !== undefined);
}
