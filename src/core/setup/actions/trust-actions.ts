import { adminAction, NO_PAYLOAD } from '../admin-action';
import { activateTrustChange, discardTrustChange, rollBackTrustChange } from '../trust-staging';

/** A change of trust in stages (trust-staging.ts): prepared by any save that changes trust; then activated, rolled back, or discarded. */

/** The prepared change is in force from now on, settings and key at once (after Guard has the new certificate). */
const activateTrustChangeAction = adminAction({ payload: NO_PAYLOAD, handle: (_payload, context) => activateTrustChange(context) });

/** The setup before the last activation is in force again, settings and key; the change is prepared again. */
const rollBackTrustChangeAction = adminAction({ payload: NO_PAYLOAD, handle: (_payload, context) => rollBackTrustChange(context) });

/** The prepared change goes, with its key; nothing in force changes. */
const discardTrustChangeAction = adminAction({ payload: NO_PAYLOAD, handle: (_payload, context) => discardTrustChange(context) });

export const TRUST_ACTIONS = { activateTrustChange: activateTrustChangeAction, rollBackTrustChange: rollBackTrustChangeAction, discardTrustChange: discardTrustChangeAction };
