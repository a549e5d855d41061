import Resolver from '@forge/resolver';
import { ADMIN_ACTION_NAMES } from '../core/setup/action-table';
import { createForgeAdmin } from './admin-runtime';
import { forgePlatform } from './forge-platform';

/** The admin page's resolver function (manifest: `resolver-fn`), one definition per action. */
const resolve = createForgeAdmin(forgePlatform);
const resolver = new Resolver();
for (const action of ADMIN_ACTION_NAMES) resolver.define(action, ({ payload, context }) => resolve(action, payload, (context as { accountId?: string }).accountId));

export const handler = resolver.getDefinitions();
