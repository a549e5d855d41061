/*
 * Imported first: @forge/bridge looks for the Jira host's bridge as soon as it loads and
 * throws without one. The local runtime's copy of the page (marked by a meta tag) talks to
 * /api/invoke instead, so it gets a bridge that refuses every call.
 */
import { isLocalMode } from './local-mode';

const local = isLocalMode();
const host = globalThis as { __bridge?: { callBridge: () => Promise<never> } };
if (local && host.__bridge === undefined) {
  host.__bridge = { callBridge: () => Promise.reject(new Error('The local runtime answers through /api/invoke')) };
}

export {};
