import Resolver from '@forge/resolver';
import { ADMIN_ACTIONS } from '../core/setup/admin-api';
import { createForgeAdmin } from './admin-runtime';
import { forgePlatform } from './forge-platform';

/** The admin page's resolver function (manifest: `resolver-fn`), one definition per action. */
const resolve = createForgeAdmin(forgePlatform);
const resolver = new Resolver();
for (const action of ADMIN_ACTIONS) resolver.define(action, ({ payload, context }) => resolve(action, payload, (context as { accountId?: string }).accountId));

export const handler = resolver.getDefinitions();
