import type { ModelPath } from '../diagnostics/diagnostic.js';

/** What made a number dialable. New entity kinds add a kind and a claim provider. */
export type ClaimKind =
  | 'extension' | 'queue' | 'conference' | 'hot-desk' | 'fax' | 'fax-alias' | 'ivr-alias'
  | 'feature' | 'parking' | 'emergency' | 'route' | 'did';

/**
 * One dialable thing: an Asterisk extension (literal or `_` pattern) in a context of a cluster,
 * with the model path of its owner. All number conflicts are computed over claims.
 */
export interface Claim {
  /** Cluster whose dialplan holds it. */
  readonly cluster: string;
  /** Asterisk context: `internal`, `feature-<feature>`, `class-<callClass>`, `emergency`, `did`. */
  readonly context: string;
  /** The extension as written: a literal (`5200`) or a pattern (`_9NXXXXXX`). */
  readonly extension: string;
  readonly kind: ClaimKind;
  /** Where the owner is in the model (`['extensions', 12]`). */
  readonly owner: ModelPath;
  /** Short human description of the owner (`extension 5200 (Eddie Chissem)`). */
  readonly label: string;
  /** How many priorities the extension defines, when known (for the priority-leak rule). */
  readonly priorities?: number;
  /** True when the number may exist on several clusters by design (roaming or a standard number). */
  readonly multiCluster?: boolean;
}

/** The claim contexts every cluster has; rights-profile contexts include them. */
export const INTERNAL_CONTEXT = 'internal';
/** Context of the numbers routed from outside (DIDs): a conference's `externalNumber`, a FAX user's numbers. */
export const DID_CONTEXT = 'did';
/** Context of the site's emergency numbers not already routed by an emergency call class. */
export const EMERGENCY_CONTEXT = 'emergency';
/** Context holding the codes of one feature (`feature-voicemail`). */
export function featureContext(feature: string): string {
  return `feature-${feature}`;
}
/** Context holding the outbound patterns of one call class (`class-local`). */
export function callClassContext(callClass: string): string {
  return `class-${callClass}`;
}
