import type { Diagnostic, ModelPath } from '../diagnostics/diagnostic.js';
import { SET_WORDS, setAdd } from '../dialplan/asterisk/char-set.js';
import { compilePattern } from '../dialplan/asterisk/compile-pattern.js';
import type { CompiledPattern } from '../dialplan/asterisk/compiled-pattern.js';
import { extensionResolver } from '../model/effective-extension.js';
import type { Enterprise } from '../model/enterprise.js';
import type { Group } from '../model/group.js';
import { INTERNAL_CONTEXT, EMERGENCY_CONTEXT, callClassContext, featureContext, type Claim } from './claim.js';
import { CLAIM_PROVIDERS, trustedSource, type ClaimProvider, type ClaimSource } from './claim-providers.js';

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

/** Adds a claim to a list kept in id order (edits may put a claim back in the middle). */
function insertById<K>(map: Map<K, SpaceClaim[]>, key: K, c: SpaceClaim): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [c]);
  else if (list[list.length - 1]!.id < c.id) list.push(c);
  else {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.id < c.id) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, c);
  }
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
  /** Length of a bucket key -> how many buckets have it; and those lengths, ascending. */
  private readonly bucketLengths = new Map<number, number>();
  private lengths: number[] = [];
  /** Context -> contexts it includes, in order. */
  readonly includes = new Map<string, readonly string[]>();
  /** Entry contexts in use (a rights profile someone on the cluster has, and `internal`) with their user count. */
  readonly entryUse = new Map<string, number>();
  private orders: EntryOrder[] | undefined;
  private contextEntries: Map<string, number[]> | undefined;
  /** True while claims came in id order and none left: the literal keys are then in first-claim order. */
  private inOrder = true;
  private maxId = -Infinity;

  constructor(readonly cluster: string) {}

  add(c: SpaceClaim): void {
    if (c.id < this.maxId) this.inOrder = false;
    else this.maxId = c.id;
    if (!c.pattern.isPattern) {
      if (!this.literals.has(c.key) && this.sortedLiteralKeys !== undefined) this.sortedLiteralKeys.splice(lowerBound(this.sortedLiteralKeys, c.key), 0, c.key);
      insertById(this.literals, c.key, c);
    } else {
      const b = c.pattern.literalPrefix;
      if (!this.buckets.has(b)) {
        if (this.sortedBucketKeys !== undefined) this.sortedBucketKeys.splice(lowerBound(this.sortedBucketKeys, b), 0, b);
        this.countLength(b.length, 1);
      }
      insertById(this.buckets, b, c);
    }
  }

  remove(c: SpaceClaim): void {
    this.inOrder = false;
    if (!c.pattern.isPattern) {
      if (removeFrom(this.literals, c.key, c)) this.sortedLiteralKeys?.splice(lowerBound(this.sortedLiteralKeys, c.key), 1);
    } else if (removeFrom(this.buckets, c.pattern.literalPrefix, c)) {
      this.sortedBucketKeys?.splice(lowerBound(this.sortedBucketKeys, c.pattern.literalPrefix), 1);
      this.countLength(c.pattern.literalPrefix.length, -1);
    }
  }

  private countLength(length: number, delta: number): void {
    const n = (this.bucketLengths.get(length) ?? 0) + delta;
    if (n > 0) this.bucketLengths.set(length, n);
    else this.bucketLengths.delete(length);
    if (n === 0 || (n === 1 && delta > 0)) this.lengths = [...this.bucketLengths.keys()].sort((a, b) => a - b);
  }

  /**
   * The literal claims grouped by key, keys in the order of their first claim's id: the order a space
   * built in one go holds them in, whatever edits happened since (checks that keep the first of
   * several findings depend on it).
   */
  literalLists(): Iterable<SpaceClaim[]> {
    if (this.inOrder) return this.literals.values();
    return [...this.literals.values()].sort((a, b) => a[0]!.id - b[0]!.id);
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
    for (const k of this.lengths) {
      if (k > s.length) return;
      const list = this.buckets.get(k === s.length ? s : s.slice(0, k));
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
  private count = 0;
  private readonly profileIncludes = new Map<string, readonly string[]>();
  private claimsByOwner: Map<string, SpaceClaim[]> | undefined;
  /** Extension text -> compiled form, for texts that compiled without problems. */
  private readonly compiled = new Map<string, CompiledPattern>();

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

  /**
   * Adds a claim; returns it with its id and compiled extension. `id` places it in the space's order
   * (default: after every claim so far); an edit that replaces a claim passes the old claim's id.
   */
  add(claim: Claim, id?: number): SpaceClaim {
    const pattern = this.compile(claim.extension, claim.owner);
    const c: SpaceClaim = {
      cluster: claim.cluster, context: claim.context, extension: claim.extension, kind: claim.kind, owner: claim.owner, label: claim.label,
      priorities: claim.priorities, multiCluster: claim.multiCluster,
      id: id ?? this.nextId, pattern, key: pattern.isPattern ? claim.extension : pattern.normalized,
    };
    if (c.id >= this.nextId) this.nextId = c.id + 1;
    this.cluster(c.cluster).add(c);
    if (c.context === INTERNAL_CONTEXT && !pattern.isPattern) insertById(this.internalByNumber, c.key, c);
    if (this.claimsByOwner !== undefined) insertById(this.claimsByOwner, ownerKey(c.owner), c);
    this.count++;
    return c;
  }

  /** Compiles an extension, reusing the compiled form of a text seen before when it had no problems. */
  private compile(extension: string, owner: ModelPath): CompiledPattern {
    const known = this.compiled.get(extension);
    if (known !== undefined) return known;
    const literal = compileSimpleLiteral(extension);
    if (literal !== undefined) return literal;
    const result = compilePattern(extension, owner);
    for (const d of result.diagnostics) this.diagnostics.push(d);
    if (result.diagnostics.length === 0) this.compiled.set(extension, result.pattern);
    return result.pattern;
  }

  /** Removes a claim added before. */
  remove(c: SpaceClaim): void {
    this.cluster(c.cluster).remove(c);
    if (c.context === INTERNAL_CONTEXT && !c.pattern.isPattern) removeFrom(this.internalByNumber, c.key, c);
    if (this.claimsByOwner !== undefined) removeFrom(this.claimsByOwner, ownerKey(c.owner), c);
    this.count--;
  }

  /** How many claims the space holds. */
  get size(): number {
    return this.count;
  }

  /** The claims whose owner path is exactly `owner`. */
  claimsOf(owner: readonly (string | number)[]): readonly SpaceClaim[] {
    return this.ownerIndex().get(ownerKey(owner)) ?? [];
  }

  /** Every claim, in id order. */
  allClaims(): SpaceClaim[] {
    const out: SpaceClaim[] = [];
    for (const list of this.ownerIndex().values()) out.push(...list);
    return out.sort((a, b) => a.id - b.id);
  }

  /** Owner -> claims, built on first use (a full check never needs it) and then kept up to date. */
  private ownerIndex(): Map<string, SpaceClaim[]> {
    if (this.claimsByOwner === undefined) {
      const index = new Map<string, SpaceClaim[]>();
      for (const s of this.clusters.values()) {
        for (const list of s.literals.values()) for (const c of list) pushTo(index, ownerKey(c.owner), c);
        for (const list of s.buckets.values()) for (const c of list) pushTo(index, ownerKey(c.owner), c);
      }
      for (const list of index.values()) list.sort((a, b) => a.id - b.id);
      this.claimsByOwner = index;
    }
    return this.claimsByOwner;
  }
}

const EMPTY_SCORES = new Int32Array(0);
const EMPTY_BITMAPS = new Uint32Array(0);

/**
 * The compiled form of a literal made only of digits, `*`, `#` and `-` (every extension number in
 * practice), equal to what `compilePattern` returns but with its character sets built on first use:
 * the conflict check reads them only for the few literals a pattern meets.
 */
class SimpleLiteral implements CompiledPattern {
  readonly isPattern = false;
  readonly tail = 'none' as const;
  readonly neverMatches = false;
  readonly sortScores = EMPTY_SCORES;
  readonly sortBitmaps = EMPTY_BITMAPS;
  readonly length: number;
  readonly minLength: number;
  readonly maxLength: number;
  readonly literalPrefix: string;
  private slab: Uint32Array | undefined;

  constructor(readonly source: string, readonly normalized: string) {
    this.length = this.minLength = this.maxLength = normalized.length;
    this.literalPrefix = normalized;
  }

  get sets(): Uint32Array {
    if (this.slab === undefined) {
      const slab = new Uint32Array(this.normalized.length * SET_WORDS);
      for (let i = 0; i < this.normalized.length; i++) setAdd(slab, i * SET_WORDS, this.normalized.charCodeAt(i));
      this.slab = slab;
    }
    return this.slab;
  }
}

function compileSimpleLiteral(source: string): CompiledPattern | undefined {
  if (source === '' || source.charCodeAt(0) === 0x5f) return undefined;
  let dash = false;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x2d) dash = true;
    else if (!((c >= 0x30 && c <= 0x39) || c === 0x2a || c === 0x23)) return undefined;
  }
  const normalized = dash ? source.replaceAll('-', '') : source;
  return normalized === '' ? undefined : new SimpleLiteral(source, normalized);
}

function ownerKey(owner: readonly (string | number)[]): string {
  return owner.join('\u0000');
}

/** The contexts a rights profile includes, in order (see {@link NumberSpace}). */
export function profileIncludes(e: Enterprise, profile: { readonly callClasses?: readonly string[]; readonly features?: readonly string[] }): string[] {
  const out: string[] = [];
  // Only well-formed names: a model with schema errors is still checked as far as it goes.
  const str = (v: unknown): v is string => typeof v === 'string';
  const classes = Array.isArray(profile.callClasses) ? profile.callClasses.filter(str) : [];
  if (classes.includes('internal')) out.push(INTERNAL_CONTEXT);
  for (const f of Array.isArray(profile.features) ? profile.features.filter(str) : []) out.push(featureContext(f));
  for (const c of classes) if (c !== 'internal') out.push(callClassContext(c));
  for (const cc of Array.isArray(e.callClasses) ? e.callClasses : []) {
    if (cc?.emergency === true && str(cc.id) && !classes.includes(cc.id)) out.push(callClassContext(cc.id));
  }
  out.push(EMERGENCY_CONTEXT);
  return [...new Set(out)];
}

/** The rights profile an extension or hot desk gets (its own, else its group's, else `hotdesk` for hot desks). */
export function entryUses(source: ClaimSource): { cluster: string; profile: string; owner: (string | number)[] }[] {
  const e = source.enterprise;
  const groups = new Map<string, Group>();
  for (const [g] of source.each(e.groups)) if (!groups.has(g.id)) groups.set(g.id, g);
  const effective = extensionResolver(groups);
  const out: { cluster: string; profile: string; owner: (string | number)[] }[] = [];
  for (const [x, i] of source.each(e.extensions)) {
    const p = effective(x).rightsProfile.value;
    if (typeof p === 'string' && typeof x.cluster === 'string') out.push({ cluster: x.cluster, profile: p, owner: ['extensions', i] });
  }
  for (const [d, i] of source.each(e.hotDesks)) {
    const p = d.rightsProfile ?? (d.group === undefined ? undefined : groups.get(d.group)?.rightsProfile) ?? 'hotdesk';
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
  // Claims go straight into the space (no list of every claim first: less garbage at XL).
  for (const provider of options.providers ?? CLAIM_PROVIDERS) provider.claims(source, (claim) => { space.add(claim); });
  for (const u of entryUses(source)) space.cluster(u.cluster).use(u.profile, 1);
  return space;
}
