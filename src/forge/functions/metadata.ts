import { createMetadataHandler } from '../../core/endpoints/metadata-handler';
import { webTriggerFor, type ForgeRuntimeOptions } from '../bridge-runtime';
import { forgePlatform } from '../forge-platform';
import type { ForgePlatform } from '../platform';

/** Web trigger `saml-metadata`: the IdP metadata XML; its URL is also the IdP Entity ID. */
export function createMetadataTrigger(platform: ForgePlatform, options: ForgeRuntimeOptions = {}) {
  return webTriggerFor(platform, options, (deps) => createMetadataHandler(deps));
}

export const handler = createMetadataTrigger(forgePlatform);
