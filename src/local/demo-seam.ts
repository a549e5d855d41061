import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdminApi } from '../core/setup/action-table';
import type { BridgeEndpoints } from '../core/setup/stored-setup';

/** Where the server runs, for stand-ins made against it. */
export interface DemoContext {
  readonly publicUrl: string;
  readonly endpoints: BridgeEndpoints;
  /** The bridge's signing certificate in force (a Guard stand-in trusts it), once there is one. */
  signingCertificate(): Promise<string | undefined>;
}

/**
 * Stand-ins served next to the bridge so that a sign-in works out of the box: the demo's
 * (src/demo, `npm start`). The server knows them only by this shape, so the production
 * entry point (dist/local.mjs, the container image) carries no stand-in and no oidc-provider.
 */
export interface Demo {
  /** Answers a request under the stand-ins' own paths; false when it is not theirs. */
  handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean>;
  /** Sets the bridge up against the stand-ins at start, through the admin API. */
  setUp(api: AdminApi): Promise<void>;
  /** The landing page's links into the demo (HTML, the demo's own text). */
  readonly landingLinks: string;
}

export type DemoFactory = (context: DemoContext) => Demo;
