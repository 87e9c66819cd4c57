import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compilePattern } from '../dialplan/asterisk/compile-pattern.js';
import type { CompiledPattern } from '../dialplan/asterisk/compiled-pattern.js';
import type { Enterprise } from '../model/enterprise.js';
import { INTERNAL_CONTEXT, EMERGENCY_CONTEXT, callClassContext, featureContext, type Claim } from './claim.js';
import { collectClaims, trustedSource, type ClaimProvider, type ClaimSource } from './claim-providers.js';

/** A claim in a number space: the claim, its compiled extension and a stable id. */
export interface SpaceClaim extends Claim {
  /** Unique within the space, in insertion order (the earlier claim wins an exact duplicate). */
  readonly id: number;
  readonly pattern: CompiledPattern;
  /** Lookup key: the literal without `-`, or the pattern as written. */
  readonly key: string;
}

/** One entry point of calls on a cluster (a rights-profile context, or `internal`) and its search order. */
export interface EntryOrder {
  readonly entry: string;
  /** Context -> position in Asterisk's search order (own extensions first, then includes, recursively). */
  readonly position: ReadonlyMap<string, number>;
}

function lowerBound(a: readonly string[], x: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function removeFrom<K, V>(map: Map<K, V[]>, key: K, value: V): boolean {
  const list = map.get(key);
  if (list === undefined) return false;
  const i = list.indexOf(value);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) map.delete(key);
  return list.length === 0;
}

/** The claims of one cluster, indexed: literals by number, patterns by their literal prefix. */
export class ClusterSpace {
  /** Literal key -> claims (all contexts). */
  readonly literals = new Map<string, SpaceClaim[]>();
  private sortedLiteralKeys: string[] | undefined;
  /** Pattern literal prefix -> pattern claims (all contexts). */
  readonly buckets = new Map<string, SpaceClaim[]>();
  private sortedBucketKeys: string[] | undefined;
  /** Context -> contexts it includes, in order. */
  readonly includes = new Map<string, readonly string[]>();
  /** Entry contexts in use (a rights profile someone on the cluster has, and `internal`) with their user count. */
  readonly entryUse = new Map<string, number>();
  private orders: EntryOrder[] | undefined;
  private contextEntries: Map<string, number[]> | undefined;

  constructor(readonly cluster: string) {}

  add(c: SpaceClaim): void {
    if (!c.pattern.isPattern) {
      if (!this.literals.has(c.key) && this.sortedLiteralKeys !== undefined) this.sortedLiteralKeys.splice(lowerBound(this.sortedLiteralKeys, c.key), 0, c.key);
      pushTo(this.literals, c.key, c);
    } else {
      const b = c.pattern.literalPrefix;
      if (!this.buckets.has(b) && this.sortedBucketKeys !== undefined) this.sortedBucketKeys.splice(lowerBound(this.sortedBucketKeys, b), 0, b);
      pushTo(this.buckets, b, c);
    }
  }

  remove(c: SpaceClaim): void {
    if (!c.pattern.isPattern) {
      if (removeFrom(this.literals, c.key, c)) this.sortedLiteralKeys?.splice(lowerBound(this.sortedLiteralKeys, c.key), 1);
    } else if (removeFrom(this.buckets, c.pattern.literalPrefix, c)) {
      this.sortedBucketKeys?.splice(lowerBound(this.sortedBucketKeys, c.pattern.literalPrefix), 1);
    }
  }

  /** Sorted distinct literal keys (built on first use, then kept sorted on edits). */
  get sortedLiterals(): readonly string[] {
    return (this.sortedLiteralKeys ??= [...this.literals.keys()].sort());
  }

  /** Sorted distinct pattern literal prefixes. */
  get sortedBuckets(): readonly string[] {
    return (this.sortedBucketKeys ??= [...this.buckets.keys()].sort());
  }

  /** Marks an entry context as used (+1) or no longer used by one user (-1). */
  use(entry: string, delta: number): void {
    const n = (this.entryUse.get(entry) ?? 0) + delta;
    const was = this.entryUse.has(entry);
    if (n > 0) this.entryUse.set(entry, n);
    else this.entryUse.delete(entry);
    if (was !== n > 0) this.orders = undefined;
  }

  /** The search order of a context: itself, then its includes in order, each recursively (first visit counts). */
  searchOrder(context: string): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const visit = (c: string): void => {
      if (seen.has(c)) return;
      seen.add(c);
      out.push(c);
      for (const inc of this.includes.get(c) ?? []) visit(inc);
    };
    visit(context);
    return out;
  }

  /** Entry orders in use: `internal` first, then the used rights-profile contexts by name. */
  entryOrders(): readonly EntryOrder[] {
    if (this.orders === undefined) {
      const entries = [INTERNAL_CONTEXT, ...[...this.entryUse.keys()].filter((e) => e !== INTERNAL_CONTEXT).sort()];
      this.orders = entries.map((entry) => ({ entry, position: new Map(this.searchOrder(entry).map((c, i) => [c, i])) }));
      this.contextEntries = new Map();
      this.orders.forEach((o, i) => { for (const c of o.position.keys()) pushTo(this.contextEntries!, c, i); });
    }
    return this.orders;
  }

  /** Indexes into {@link entryOrders} of the entries whose search reaches `context`. */
  entriesOf(context: string): readonly number[] {
    this.entryOrders();
    return this.contextEntries!.get(context) ?? [];
  }

  /** Literal claims whose key starts with `prefix` and is longer than it, in key order. */
  *literalsExtending(prefix: string): Generator<SpaceClaim> {
    const sorted = this.sortedLiterals;
    for (let i = lowerBound(sorted, prefix); i < sorted.length; i++) {
      const k = sorted[i]!;
      if (!k.startsWith(prefix)) return;
      if (k.length === prefix.length) continue;
      yield* this.literals.get(k)!;
    }
  }

  /** Patterns whose literal prefix is a prefix of `s` (including the empty prefix and `s` itself). */
  *patternsPrefixing(s: string): Generator<SpaceClaim> {
    for (let k = 0; k <= s.length; k++) {
      const list = this.buckets.get(s.slice(0, k));
      if (list !== undefined) yield* list;
    }
  }

  /** Patterns whose literal prefix starts with `s` and is longer. */
  *patternsExtending(s: string): Generator<SpaceClaim> {
    const sorted = this.sortedBuckets;
    for (let i = lowerBound(sorted, s); i < sorted.length; i++) {
      const k = sorted[i]!;
      if (!k.startsWith(s)) return;
      if (k.length === s.length) continue;
      yield* this.buckets.get(k)!;
    }
  }
}

/**
 * Everything dialable in an enterprise: the claims of every provider, indexed per cluster, and the
 * context graph (which contexts each rights profile includes, in Asterisk's order).
 *
 * A rights-profile context `P` includes, in order: `internal` (when it grants the `internal` class),
 * one `feature-<f>` context per granted feature, one `class-<c>` context per granted call class,
 * every emergency class it does not list, and `emergency` (the site's emergency numbers).
 */
export class NumberSpace {
  readonly clusters = new Map<string, ClusterSpace>();
  /** Literal key of internal claims -> those claims, across clusters (cross-cluster checks). */
  readonly internalByNumber = new Map<string, SpaceClaim[]>();
  /** Problems found while compiling claimed extensions (`dialplan.pattern-*`). */
  readonly diagnostics: Diagnostic[] = [];
  private nextId = 0;
  private readonly profileIncludes = new Map<string, readonly string[]>();
  private readonly claimsByOwner = new Map<string, SpaceClaim[]>();

  /** Declares a rights-profile context and the contexts it includes (applied on every cluster). */
  defineContext(context: string, includes: readonly string[]): void {
    this.profileIncludes.set(context, includes);
    for (const c of this.clusters.values()) c.includes.set(context, includes);
  }

  /** The space of one cluster (created on first use). */
  cluster(id: string): ClusterSpace {
    let c = this.clusters.get(id);
    if (c === undefined) {
      c = new ClusterSpace(id);
      for (const [ctx, inc] of this.profileIncludes) c.includes.set(ctx, inc);
      this.clusters.set(id, c);
    }
    return c;
  }

  /** Adds a claim; returns it with its id and compiled extension. */
  add(claim: Claim): SpaceClaim {
    const compiled = compilePattern(claim.extension, claim.owner);
    for (const d of compiled.diagnostics) this.diagnostics.push(d);
    const pattern = compiled.pattern;
    const c: SpaceClaim = { ...claim, id: this.nextId++, pattern, key: pattern.isPattern ? claim.extension : pattern.normalized };
    this.cluster(c.cluster).add(c);
    if (c.context === INTERNAL_CONTEXT && !pattern.isPattern) pushTo(this.internalByNumber, c.key, c);
    pushTo(this.claimsByOwner, ownerKey(c.owner), c);
    return c;
  }

  /** Removes a claim added before. */
  remove(c: SpaceClaim): void {
    this.cluster(c.cluster).remove(c);
    if (c.context === INTERNAL_CONTEXT && !c.pattern.isPattern) removeFrom(this.internalByNumber, c.key, c);
    removeFrom(this.claimsByOwner, ownerKey(c.owner), c);
  }

  /** The claims whose owner path is exactly `owner`. */
  claimsOf(owner: readonly (string | number)[]): readonly SpaceClaim[] {
    return this.claimsByOwner.get(ownerKey(owner)) ?? [];
  }

  /** Every claim, in id order. */
  allClaims(): SpaceClaim[] {
    const out: SpaceClaim[] = [];
    for (const list of this.claimsByOwner.values()) out.push(...list);
    return out.sort((a, b) => a.id - b.id);
  }
}

function ownerKey(owner: readonly (string | number)[]): string {
  return owner.join('\u0000');
}

/** The contexts a rights profile includes, in order (see {@link NumberSpace}). */
export function profileIncludes(e: Enterprise, profile: { readonly callClasses?: readonly string[]; readonly features?: readonly string[] }): string[] {
  const out: string[] = [];
  const classes = Array.isArray(profile.callClasses) ? profile.callClasses : [];
  if (classes.includes('internal')) out.push(INTERNAL_CONTEXT);
  for (const f of Array.isArray(profile.features) ? profile.features : []) out.push(featureContext(f));
  for (const c of classes) if (c !== 'internal') out.push(callClassContext(c));
  for (const cc of Array.isArray(e.callClasses) ? e.callClasses : []) {
    if (cc?.emergency === true && !classes.includes(cc.id)) out.push(callClassContext(cc.id));
  }
  out.push(EMERGENCY_CONTEXT);
  return [...new Set(out)];
}

/** The rights profile an extension or hot desk gets (its own, else its group's, else `hotdesk` for hot desks). */
export function entryUses(source: ClaimSource): { cluster: string; profile: string; owner: (string | number)[] }[] {
  const e = source.enterprise;
  const groupProfile = new Map<string, string | undefined>();
  for (const [g] of source.each(e.groups)) if (!groupProfile.has(g.id)) groupProfile.set(g.id, g.rightsProfile);
  const out: { cluster: string; profile: string; owner: (string | number)[] }[] = [];
  for (const [x, i] of source.each(e.extensions)) {
    const p = x.rightsProfile ?? groupProfile.get(x.group);
    if (typeof p === 'string' && typeof x.cluster === 'string') out.push({ cluster: x.cluster, profile: p, owner: ['extensions', i] });
  }
  for (const [d, i] of source.each(e.hotDesks)) {
    const p = d.rightsProfile ?? (d.group === undefined ? undefined : groupProfile.get(d.group)) ?? 'hotdesk';
    if (typeof d.cluster === 'string') out.push({ cluster: d.cluster, profile: p, owner: ['hotDesks', i] });
  }
  return out;
}

/** Options of {@link buildNumberSpace}. */
export interface BuildNumberSpaceOptions {
  /** Claim providers to use instead of {@link CLAIM_PROVIDERS}. */
  readonly providers?: readonly ClaimProvider[];
  /** Where to read items from (skips broken items during validation); default trusts the enterprise. */
  readonly source?: ClaimSource;
}

/**
 * Builds the number space of an enterprise: every claim, the rights-profile contexts, and which
 * profiles are in use on which cluster.
 *
 * @example
 * ```ts
 * const space = buildNumberSpace(enterprise);
 * space.cluster('tpa1').literals.get('5200')?.map((c) => c.label); // ['extension 5200 (Eddie Chissem)']
 * ```
 */
export function buildNumberSpace(enterprise: Enterprise, options: BuildNumberSpaceOptions = {}): NumberSpace {
  const source = options.source ?? trustedSource(enterprise);
  const space = new NumberSpace();
  for (const [c] of source.each(enterprise.clusters)) if (typeof c.id === 'string') space.cluster(c.id);
  for (const [p] of source.each(enterprise.rightsProfiles)) {
    if (typeof p.id === 'string') space.defineContext(p.id, profileIncludes(enterprise, p));
  }
  for (const claim of collectClaims(source, options.providers)) space.add(claim);
  for (const u of entryUses(source)) space.cluster(u.cluster).use(u.profile, 1);
  return space;
}
