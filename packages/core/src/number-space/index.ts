// Public API of the number space, the roaming view and batch plans (their rules are among the ones
// `validate()` runs by default).

export type { Claim, ClaimKind } from './claim.js';
export { DID_CONTEXT, EMERGENCY_CONTEXT, INTERNAL_CONTEXT, callClassContext, featureContext } from './claim.js';
export type { ClaimProvider, ClaimSource } from './claim-providers.js';
export { CLAIM_PROVIDERS, INTERNAL_CLAIM_PROVIDERS, PARKING_SLOTS, collectClaims, trustedSource } from './claim-providers.js';
export type { BuildNumberSpaceOptions, EntryOrder, SpaceClaim } from './number-space.js';
export { ClusterSpace, NumberSpace, buildNumberSpace, profileIncludes } from './number-space.js';
export { conflictsOfNumber, crossClusterConflicts, findClusterConflicts, findConflicts } from './find-conflicts.js';
export { ConflictChecker } from './conflict-checker.js';
export type { FindDidOptions } from './did-claims.js';
export { DID_CLAIMS, DID_RULE, findDidConflicts } from './did-claims.js';
export { NUMBER_SPACE_RULE, NUMBER_SPACE_RULES, ROAMING_RULE } from './number-space-rules.js';
export type { RoamingEntry, RoamingNumber, RoamingView } from '../roaming/roaming-view.js';
export { judgeRoamingNumber, roamingNumberOf, roamingView, roamingViewOf } from '../roaming/roaming-view.js';
export type { BatchPlan, BatchRequest } from '../batch/plan-batch.js';
export { planBatch, strongPin } from '../batch/plan-batch.js';
