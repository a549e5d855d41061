import type { StoredConfig } from './stored-setup';

/** The certificates metadata publishes: the signing one, and the next one during a rotation. */
export function publishedCertificates(config: StoredConfig | undefined): string[] {
  return [config?.signing?.certificatePem, config?.nextSigning?.certificatePem].filter((pem): pem is string => pem !== undefined);
}
