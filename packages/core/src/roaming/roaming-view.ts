import { diag } from '../diagnostics/catalogue.js';
import type { Diagnostic, ModelPath } from '../diagnostics/diagnostic.js';
import { effectiveExtension } from '../model/effective-extension.js';
import type { Enterprise } from '../model/enterprise.js';
import type { Extension } from '../model/extension.js';
import type { ClaimKind } from '../number-space/claim.js';
import type { ClaimSource } from '../number-space/claim-providers.js';
import { buildNumberSpace, type NumberSpace } from '../number-space/number-space.js';

/** One owner of a number that is on several clusters. */
export interface RoamingEntry {
  readonly cluster: string;
  readonly kind: ClaimKind;
  /** Model path of the owner (`['extensions', 12]`). */
  readonly owner: ModelPath;
  /** The extension's name, or the owner's label for other kinds. */
  readonly name: string;
  readonly group?: string;
  /** Voicemail box on this cluster, if any. */
  readonly voicemail?: string;
  readonly roaming: boolean;
  readonly standardNumber: boolean;
}

/** A number present on more than one cluster (the guide's roaming page, 3.0.6). */
export interface RoamingNumber {
  readonly number: string;
  readonly clusters: readonly string[];
  readonly entries: readonly RoamingEntry[];
  /** Clusters holding a voicemail box for the number. */
  readonly voicemailClusters: readonly string[];
  readonly flags: {
    /** Voicemail on more than one cluster. */
    readonly duplicateVoicemail: boolean;
    /** Names differ where they must agree (a roaming number, or one with a voicemail box). */
    readonly nameMismatch: boolean;
    /** Roaming or standard on one side, plain on another. */
    readonly roamingNotEnabled: boolean;
  };
  /** The `roaming.*` findings for this number. */
  readonly diagnostics: readonly Diagnostic[];
}

/** The roaming view of a whole enterprise. */
export interface RoamingView {
  readonly numbers: readonly RoamingNumber[];
  readonly diagnostics: readonly Diagnostic[];
}

function entryOf(e: Enterprise, cluster: string, kind: ClaimKind, owner: ModelPath, label: string): RoamingEntry {
  if (kind === 'extension' && owner[0] === 'extensions') {
    const x = e.extensions[owner[1] as number] as Extension;
    // The box the extension ends up with: its own, or the one its group's template gives (as rendered).
    const box = effectiveExtension(e, x).voicemail.value?.box;
    return {
      cluster, kind, owner, name: String(x.name), group: x.group,
      ...(box === undefined ? {} : { voicemail: box }),
      roaming: x.roaming === true, standardNumber: x.standardNumber === true,
    };
  }
  return { cluster, kind, owner, name: label, roaming: false, standardNumber: false };
}

/**
 * Judges one number on several clusters. Rules (docs/roaming.md):
 * - voicemail on more than one cluster: `roaming.duplicate-voicemail` at every box after the first;
 * - names must agree when the number roams on any cluster or has a voicemail box anywhere (it then
 *   belongs to one person or one mailbox): `roaming.name-mismatch` at every entry named differently
 *   from the first; a standard number without voicemail (a department line such as a helpdesk) may
 *   carry a local name per site;
 * - `roaming.not-enabled` at every plain entry when another entry is roaming or a standard number.
 */
export function judgeRoamingNumber(number: string, entries: readonly RoamingEntry[]): RoamingNumber {
  const diagnostics: Diagnostic[] = [];
  const boxes = entries.filter((x) => x.voicemail !== undefined);
  for (const x of boxes.slice(1)) {
    diagnostics.push(diag('roaming.duplicate-voicemail', [...x.owner, 'voicemail'], { number, witness: number, cluster: x.cluster, home: boxes[0]!.cluster, box: x.voicemail, clusters: boxes.map((b) => b.cluster) }, { related: [{ path: [...boxes[0]!.owner, 'voicemail'] }] }));
  }
  const first = entries[0]!;
  const namesMatter = entries.some((x) => x.roaming) || boxes.length > 0;
  let nameMismatch = false;
  if (namesMatter) {
    for (const x of entries.slice(1)) {
      if (x.name === first.name) continue;
      nameMismatch = true;
      diagnostics.push(diag('roaming.name-mismatch', x.kind === 'extension' ? [...x.owner, 'name'] : x.owner, { number, witness: number, cluster: x.cluster, name: x.name, otherCluster: first.cluster, otherName: first.name }, { related: [{ path: first.kind === 'extension' ? [...first.owner, 'name'] : first.owner }] }));
    }
  }
  const enabled = entries.filter((x) => x.roaming || x.standardNumber);
  let roamingNotEnabled = false;
  if (enabled.length > 0) {
    for (const x of entries) {
      if (x.roaming || x.standardNumber) continue;
      roamingNotEnabled = true;
      diagnostics.push(diag('roaming.not-enabled', x.owner, { number, witness: number, cluster: x.cluster, otherCluster: enabled[0]!.cluster }, { related: [{ path: enabled[0]!.owner }] }));
    }
  }
  return {
    number,
    clusters: [...new Set(entries.map((x) => x.cluster))],
    entries,
    voicemailClusters: boxes.map((x) => x.cluster),
    flags: { duplicateVoicemail: boxes.length > 1, nameMismatch, roamingNotEnabled },
    diagnostics,
  };
}

/** The roaming entry of one number (a claim key) when it is on more than one cluster (one row of {@link roamingViewOf}). */
export function roamingNumberOf(enterprise: Enterprise, space: NumberSpace, number: string): RoamingNumber | undefined {
  const claims = space.internalByNumber.get(number);
  if (claims === undefined || claims.length < 2) return undefined;
  const first = claims[0]!.cluster;
  if (claims.every((c) => c.cluster === first)) return undefined;
  const sorted = [...claims].sort((a, b) => a.id - b.id);
  return judgeRoamingNumber(number, sorted.map((c) => entryOf(enterprise, c.cluster, c.kind, c.owner, c.label)));
}

/** The roaming view over a number space already built (see {@link roamingView}). */
export function roamingViewOf(enterprise: Enterprise, space: NumberSpace): RoamingView {
  const numbers: RoamingNumber[] = [];
  for (const number of space.internalByNumber.keys()) {
    const n = roamingNumberOf(enterprise, space, number);
    if (n !== undefined) numbers.push(n);
  }
  numbers.sort((a, b) => (a.number.length - b.number.length) || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
  return { numbers, diagnostics: numbers.flatMap((n) => n.diagnostics) };
}

/**
 * Every number present on more than one cluster: its clusters, owners, where voicemail lives and the
 * names, with flags for voicemail on several clusters, name mismatches and roaming enabled on one
 * side only (the guide's roaming page, 3.0.6).
 *
 * @example
 * ```ts
 * const n = roamingView(enterprise).numbers.find((x) => x.number === '5200');
 * n?.voicemailClusters; // ['sfo', 'tpa2', 'tpa1']
 * n?.flags;             // { duplicateVoicemail: true, nameMismatch: true, roamingNotEnabled: false }
 * ```
 */
export function roamingView(enterprise: Enterprise, source?: ClaimSource): RoamingView {
  return roamingViewOf(enterprise, buildNumberSpace(enterprise, source === undefined ? {} : { source }));
}
