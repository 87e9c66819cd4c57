import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { COLLECTIONS, ENTERPRISE_SCHEMA, normalizeEnterprise, type CollectionName, type Enterprise, type EnterpriseDocument } from '../model/enterprise.js';
import { effectiveExtension } from '../model/effective-extension.js';
import { EXTENSION_SCHEMA, type Extension } from '../model/extension.js';
import type { Group } from '../model/group.js';
import { INTERNAL_CONTEXT, type Claim } from '../number-space/claim.js';
import { CLAIM_PROVIDERS, type ClaimSource } from '../number-space/claim-providers.js';
import { crossClusterConflicts, findClusterConflicts } from '../number-space/find-conflicts.js';
import { NUMBER_SPACE_RULE, ROAMING_RULE } from '../number-space/number-space-rules.js';
import { NumberSpace, entryUses, profileIncludes, type SpaceClaim } from '../number-space/number-space.js';
import { roamingNumberOf } from '../roaming/roaming-view.js';
import { checkSchema } from '../schema/schema.js';
import { ModelIndex, extensionKey } from './model-index.js';
import { RuleContext, type Rule } from './rule.js';
import { applyPolicy, defaultValidationRules } from './validate.js';
import { BUSINESS_HOURS } from './rules/business-hours.js';
import { EXTENSIONS, GROUPS, MISC, QUEUES, REPLICATION, TRUNKS } from './rules/entities.js';
import { ACLS, ADDRESSES, CLUSTERS } from './rules/network.js';
import { NUMBER_PLAN } from './rules/number-plan.js';
import { REFERENCES, UNIQUE_IDS } from './rules/references.js';
import { SECRETS } from './rules/secrets.js';

/**
 * The model rules checked to walk extensions and queues only through `ctx.each` and to find other
 * items only through `ctx.index`, so a walk limited to the items an edit can affect gives their
 * findings exactly. Any other rule runs on the whole model at every edit.
 */
const SCOPABLE_RULES: readonly Rule[] = [UNIQUE_IDS, REFERENCES, SECRETS, ADDRESSES, CLUSTERS, ACLS, GROUPS, EXTENSIONS, QUEUES, TRUNKS, BUSINESS_HOURS, REPLICATION, MISC, NUMBER_PLAN];

/**
 * One edit of a collection, applied in order: `set` replaces the item at `index` (or appends it when
 * `index` is the collection's length); `remove` deletes the item at `index` (later items move up).
 */
export type ModelEdit =
  | { readonly op: 'set'; readonly collection: CollectionName; readonly index: number; readonly value: unknown }
  | { readonly op: 'remove'; readonly collection: CollectionName; readonly index: number };

/** What an edit changed in the findings (identical findings before and after are not listed). */
export interface ValidationDelta {
  /** Findings the edited model has that the model before had not. */
  readonly added: readonly Diagnostic[];
  /** Findings of the model before that are gone (or changed). */
  readonly removed: readonly Diagnostic[];
  /** True when only the touched part was re-checked; false when the whole model was validated again. */
  readonly incremental: boolean;
}

/** Options of {@link Validator}. */
export interface ValidatorOptions {
  /** Rules to run instead of the defaults (as in `validate()`). */
  readonly rules?: readonly Rule[];
  /** Rules run after the defaults. Rules other than the model and number-space rules run on the whole model at every edit. */
  readonly extraRules?: readonly Rule[];
}

/** Most edits one `applyEdit` call re-checks one by one; more are validated as a whole. */
const MAX_INCREMENTAL_EDITS = 64;
/** Claim ids of non-extension claims start here, so extension claims (id = index) keep the build order. */
const OTHER_CLAIMS = 2 ** 40;

/** What the scoping needs to know about one extension. */
interface Facts {
  readonly idKey: string;
  readonly mac: string | undefined;
  readonly secretary: string | undefined;
  readonly acl: string | undefined;
  /** `cluster/number` when the model index holds it (a string number and cluster). */
  readonly indexKey: string | undefined;
  readonly number: string | undefined;
  readonly cluster: string | undefined;
}

/** The collections whose items a scoped re-check walks only in part: extensions, and the queues whose members name them. */
type ScopedCollection = 'extensions' | 'queues';
const SCOPED: readonly ScopedCollection[] = ['extensions', 'queues'];
type Scope = Readonly<Record<ScopedCollection, readonly number[]>>;

/** A rule context whose walks over the extensions and the queues visit only the items in scope. */
class ScopedRuleContext extends RuleContext {
  constructor(enterprise: Enterprise, index: ModelIndex, unsound: WeakSet<object>, memo: WeakMap<object, Map<string, unknown>>, private readonly scope: Scope) {
    super(enterprise, index, unsound, memo);
  }
  override *each<T>(items: readonly T[] | undefined): Generator<[T, number]> {
    const c = items === (this.enterprise.extensions as unknown) ? 'extensions' : items === (this.enterprise.queues as unknown) ? 'queues' : undefined;
    if (c === undefined || !Array.isArray(items)) {
      yield* super.each(items);
      return;
    }
    for (const i of this.scope[c]) {
      const item = items[i] as T;
      if (this.sound(item)) yield [item, i];
    }
  }
}

/** Adds to `into` the objects of `value` (walked deeply) that `found` holds. */
function mergeUnsound(value: unknown, found: WeakSet<object>, into: WeakSet<object>): void {
  if (typeof value !== 'object' || value === null) return;
  if (found.has(value)) into.add(value);
  for (const v of Array.isArray(value) ? value : Object.values(value)) mergeUnsound(v, found, into);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const macKey = (mac: string): string => mac.toLowerCase().replace(/[^0-9a-f]/g, '');

function factsOf(x: unknown): Facts | undefined {
  if (!isObject(x)) return undefined;
  const e = x as Partial<Extension> & Record<string, unknown>;
  const mac = isObject(e.provisioning) && typeof e.provisioning.mac === 'string' ? macKey(e.provisioning.mac) : undefined;
  const secretary = isObject(e.services) && typeof e.services.secretary === 'string' ? e.services.secretary : undefined;
  return {
    idKey: extensionKey(String(e.cluster), String(e.number)),
    mac,
    secretary,
    acl: typeof e.acl === 'string' ? e.acl : undefined,
    indexKey: typeof e.number === 'string' && typeof e.cluster === 'string' ? extensionKey(e.cluster, e.number) : undefined,
    number: typeof e.number === 'string' ? e.number : undefined,
    cluster: typeof e.cluster === 'string' ? e.cluster : undefined,
  };
}

/** Index lists kept sorted, keyed by a string. */
class MultiIndex {
  readonly map = new Map<string, number[]>();
  add(key: string | undefined, i: number): void {
    if (key === undefined) return;
    const list = this.map.get(key);
    if (list === undefined) {
      this.map.set(key, [i]);
      return;
    }
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]! < i) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, i);
  }
  remove(key: string | undefined, i: number): void {
    if (key === undefined) return;
    const list = this.map.get(key);
    if (list === undefined) return;
    const at = list.indexOf(i);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.map.delete(key);
  }
  get(key: string | undefined): readonly number[] {
    return key === undefined ? [] : (this.map.get(key) ?? []);
  }
}

const ownerKeyOf = (i: number): string => `extensions\u0000${i}`;
const isExtensionPath = (d: Diagnostic): boolean => d.path[0] === 'extensions' && typeof d.path[1] === 'number';
const scopedItem = (d: Diagnostic): ScopedCollection | undefined => ((d.path[0] === 'extensions' || d.path[0] === 'queues') && typeof d.path[1] === 'number' ? d.path[0] : undefined);
const identity = (d: Diagnostic): string => JSON.stringify(d);

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Keeps the first finding of each code and path (claims of one owner may repeat a compile problem). */
function dedupe(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.code}|${d.path.join('/')}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Validation that keeps its state between edits: the findings of the current model, the model index
 * and the number space. `applyEdit` applies edits and re-checks only what they can change: for edits
 * of extensions, the schema of the edited items, the model rules over the extensions the edited ones
 * can meet (same number, MAC or secretary, one user per ACL) and the queues naming their numbers
 * plus every other collection, and the number space of the clusters and numbers involved. Any other
 * edit (and removing an extension other than the last) validates the whole model again.
 * The findings are always the same as `validate()` on the edited model (in another order).
 *
 * The scoping relies on the model rules it knows (checked to walk extensions and queues through
 * `ctx.each` and to find other items through `ctx.index`); any other rule, such as a rule added to
 * `MODEL_RULES` later or passed in `extraRules`, runs on the whole model at every edit.
 *
 * @example
 * ```ts
 * const v = new Validator(enterprise);
 * const delta = v.applyEdit({ op: 'set', collection: 'extensions', index: 12, value: { ...enterprise.extensions[12], number: '5200' } });
 * delta.added.filter((d) => d.severity === 'error'); // e.g. the numspace.duplicate the renumbering made
 * ```
 */
export class Validator {
  private doc: Record<string, unknown> = {};
  private model!: Enterprise;
  private opaque: Diagnostic[] | undefined;
  private unsound = new WeakSet<object>();
  private memo = new WeakMap<object, Map<string, unknown>>();
  private index!: ModelIndex;
  private readonly scopedRules: readonly Rule[];
  private readonly otherRules: readonly Rule[];
  private readonly numberSpace: boolean;
  private readonly roaming: boolean;
  private schemaTop: Diagnostic[] = [];
  private schemaExt = new Map<number, Diagnostic[]>();
  private modelRest: Diagnostic[] = [];
  /** Model-rule findings at an extension or a queue, by index. */
  private modelItems: Record<ScopedCollection, Map<number, Diagnostic[]>> = { extensions: new Map(), queues: new Map() };
  private byMember = new MultiIndex();
  private byQueueId = new MultiIndex();
  private other: Diagnostic[] = [];
  private space = new NumberSpace();
  private nsCompile = new Map<string, Diagnostic[]>();
  private nsCluster = new Map<string, Diagnostic[]>();
  private nsCross = new Map<string, Diagnostic[]>();
  private roamingByNumber = new Map<string, Diagnostic[]>();
  private uses = new Map<number, { cluster: string; profile: string }>();
  /** The claim of each extension (an extension has at most one), by index. */
  private extensionClaims: (SpaceClaim | undefined)[] = [];
  private groups = new Map<string, Group>();
  private facts: (Facts | undefined)[] = [];
  private byIdKey = new MultiIndex();
  private byIndexKey = new MultiIndex();
  private byMac = new MultiIndex();
  private bySecretary = new MultiIndex();
  private byAcl = new MultiIndex();
  private clustersByNumber = new Map<string, Set<string>>();
  private cache: Diagnostic[] | undefined;

  /** Validates `input` (an enterprise or a document) in full, as `validate()` does, and keeps the state. */
  constructor(input: Enterprise | EnterpriseDocument | unknown, options: ValidatorOptions = {}) {
    const rules = [...(options.rules ?? defaultValidationRules()), ...(options.extraRules ?? [])];
    this.scopedRules = rules.filter((r) => SCOPABLE_RULES.includes(r));
    this.numberSpace = rules.includes(NUMBER_SPACE_RULE);
    this.roaming = rules.includes(ROAMING_RULE);
    this.otherRules = rules.filter((r) => !SCOPABLE_RULES.includes(r) && r !== NUMBER_SPACE_RULE && r !== ROAMING_RULE);
    this.rebuild(input);
  }

  /** The current model (after the edits applied so far), normalised. */
  get enterprise(): Enterprise {
    return this.model;
  }

  /** The findings of the current model: what `validate()` returns for it, policy applied. */
  get diagnostics(): readonly Diagnostic[] {
    if (this.cache === undefined) this.cache = this.opaque ?? this.policy(this.collect());
    return this.cache;
  }

  /** Applies edits in order and returns the findings that changed. */
  applyEdit(edits: ModelEdit | readonly ModelEdit[]): ValidationDelta {
    const list: readonly ModelEdit[] = Array.isArray(edits) ? edits : [edits as ModelEdit];
    const incremental = this.opaque === undefined && Array.isArray(this.doc.extensions) && list.length <= MAX_INCREMENTAL_EDITS;
    if (!incremental || !this.canApplyIncrementally(list)) return this.fullEdit(list);
    const removed: Diagnostic[] = [];
    const added: Diagnostic[] = [];
    // canApplyIncrementally made sure every edit is a `set` or removes the last extension.
    for (const edit of list) this.editExtension(edit.index, edit.op === 'set' ? edit.value : undefined, removed, added);
    this.cache = undefined;
    return this.delta(this.policy(removed), this.policy(added), true);
  }

  private canApplyIncrementally(list: readonly ModelEdit[]): boolean {
    let length = this.model.extensions.length;
    for (const e of list) {
      if (e.collection !== 'extensions' || !Number.isInteger(e.index) || e.index < 0) return false;
      if (e.op === 'set') {
        if (!isObject(e.value) || e.index > length) return false;
        if (e.index === length) length++;
      } else {
        if (e.index !== length - 1) return false;
        length--;
      }
    }
    return true;
  }

  private fullEdit(list: readonly ModelEdit[]): ValidationDelta {
    const before = this.diagnostics;
    const doc: Record<string, unknown> = { ...this.doc };
    for (const e of list) {
      const items = Array.isArray(doc[e.collection]) ? [...(doc[e.collection] as unknown[])] : [];
      if (e.op === 'set') items[Math.min(e.index, items.length)] = e.value;
      else items.splice(e.index, 1);
      doc[e.collection] = items;
    }
    this.rebuild(doc);
    const after = this.diagnostics;
    return this.delta(before, after, false);
  }

  /** Multiset difference: findings present on both sides cancel. */
  private delta(removed: readonly Diagnostic[], added: readonly Diagnostic[], incremental: boolean): ValidationDelta {
    const count = new Map<string, number>();
    for (const d of removed) {
      const k = identity(d);
      count.set(k, (count.get(k) ?? 0) + 1);
    }
    const plus: Diagnostic[] = [];
    for (const d of added) {
      const k = identity(d);
      const c = count.get(k) ?? 0;
      if (c > 0) count.set(k, c - 1);
      else plus.push(d);
    }
    const minus: Diagnostic[] = [];
    for (const d of removed) {
      const k = identity(d);
      const c = count.get(k) ?? 0;
      if (c > 0) {
        count.set(k, c - 1);
        minus.push(d);
      }
    }
    return { added: plus, removed: minus, incremental };
  }

  private policy(ds: readonly Diagnostic[]): Diagnostic[] {
    const p = this.model.policy;
    return applyPolicy(ds, typeof p === 'object' && p !== null ? p : undefined);
  }

  private collect(): Diagnostic[] {
    const out: Diagnostic[] = [...this.schemaTop];
    const byIndex = (m: Map<number, Diagnostic[]>): void => {
      for (const k of [...m.keys()].sort((a, b) => a - b)) out.push(...m.get(k)!);
    };
    byIndex(this.schemaExt);
    out.push(...this.modelRest);
    for (const c of SCOPED) byIndex(this.modelItems[c]);
    for (const m of [this.nsCompile, this.nsCluster, this.nsCross, this.roamingByNumber]) for (const list of m.values()) out.push(...list);
    out.push(...this.other);
    return out;
  }

  private source(): ClaimSource {
    return { enterprise: this.model, each: (items) => this.context().each(items) };
  }

  private context(scope?: Scope): RuleContext {
    return scope === undefined ? new RuleContext(this.model, this.index, this.unsound, this.memo) : new ScopedRuleContext(this.model, this.index, this.unsound, this.memo, scope);
  }

  /** Validates from scratch (mirrors `validate()`). */
  private rebuild(input: unknown): void {
    this.cache = undefined;
    const schema = checkSchema(ENTERPRISE_SCHEMA, input);
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      this.opaque = schema.diagnostics;
      this.doc = {};
      this.model = normalizeEnterprise({} as EnterpriseDocument);
      return;
    }
    this.opaque = undefined;
    const doc: Record<string, unknown> = { ...(input as Record<string, unknown>) };
    for (const c of COLLECTIONS) if (doc[c] !== undefined && !Array.isArray(doc[c])) delete doc[c];
    this.doc = doc;
    this.model = normalizeEnterprise(doc as EnterpriseDocument);
    this.unsound = schema.unsound;
    this.memo = new WeakMap();
    this.index = new ModelIndex(this.model);
    this.schemaTop = [];
    this.schemaExt = new Map();
    for (const d of schema.diagnostics) {
      if (isExtensionPath(d)) pushTo(this.schemaExt, d.path[1] as number, d);
      else this.schemaTop.push(d);
    }
    // Model rules over every extension.
    this.runModelRules(undefined);
    this.runOtherRules();
    // Scoping indexes.
    this.facts = [];
    this.byIdKey = new MultiIndex();
    this.byIndexKey = new MultiIndex();
    this.byMac = new MultiIndex();
    this.bySecretary = new MultiIndex();
    this.byAcl = new MultiIndex();
    this.clustersByNumber = new Map();
    this.model.extensions.forEach((x, i) => this.indexFacts(i, x));
    this.byMember = new MultiIndex();
    this.byQueueId = new MultiIndex();
    this.model.queues.forEach((q, i) => {
      if (!isObject(q)) return;
      if (typeof q.id === 'string') this.byQueueId.add(q.id, i);
      if (Array.isArray(q.members)) for (const m of q.members) if (isObject(m) && typeof m.extension === 'string') this.byMember.add(m.extension, i);
    });
    this.buildNumberSpace();
  }

  /** Runs the model rules over the items in scope (all when undefined) and every other collection. */
  private runModelRules(scope: Scope | undefined): void {
    const ctx = this.context(scope);
    for (const rule of this.scopedRules) rule.run(ctx);
    if (scope === undefined) this.modelItems = { extensions: new Map(), queues: new Map() };
    else for (const c of SCOPED) for (const i of scope[c]) this.modelItems[c].delete(i);
    this.modelRest = [];
    for (const d of ctx.diagnostics) {
      const c = scopedItem(d);
      if (c !== undefined) pushTo(this.modelItems[c], d.path[1] as number, d);
      else this.modelRest.push(d);
    }
  }

  private runOtherRules(): void {
    const ctx = this.context();
    for (const rule of this.otherRules) rule.run(ctx);
    this.other = ctx.diagnostics;
  }

  private indexFacts(i: number, x: unknown): void {
    const f = factsOf(x);
    this.facts[i] = f;
    if (f === undefined) return;
    this.byIdKey.add(f.idKey, i);
    this.byIndexKey.add(f.indexKey, i);
    this.byMac.add(f.mac, i);
    this.bySecretary.add(f.secretary, i);
    this.byAcl.add(f.acl, i);
    if (f.indexKey !== undefined) {
      let set = this.clustersByNumber.get(f.number!);
      if (set === undefined) this.clustersByNumber.set(f.number!, (set = new Set()));
      set.add(f.cluster!);
    }
  }

  private unindexFacts(i: number): void {
    const f = this.facts[i];
    this.facts[i] = undefined;
    if (f === undefined) return;
    this.byIdKey.remove(f.idKey, i);
    this.byIndexKey.remove(f.indexKey, i);
    this.byMac.remove(f.mac, i);
    this.bySecretary.remove(f.secretary, i);
    this.byAcl.remove(f.acl, i);
    if (f.indexKey !== undefined && this.byIndexKey.get(f.indexKey).length === 0) {
      const set = this.clustersByNumber.get(f.number!);
      set?.delete(f.cluster!);
      if (set?.size === 0) this.clustersByNumber.delete(f.number!);
    }
  }

  /** Brings the model index's extension tables in line for the numbers `numbers` (first occurrence wins, as when it is built). */
  private patchIndex(keys: ReadonlySet<string>, numbers: ReadonlySet<string>): void {
    const xs = this.model.extensions;
    for (const key of keys) {
      const first = this.byIndexKey.get(key)[0];
      if (first === undefined) this.index.extensions.delete(key);
      else this.index.extensions.set(key, { item: xs[first]!, index: first });
    }
    for (const number of numbers) {
      const clusters = [...(this.clustersByNumber.get(number) ?? [])];
      if (clusters.length === 0) {
        this.index.extensionClusters.delete(number);
        continue;
      }
      const firstOf = (c: string): number => this.byIndexKey.get(extensionKey(c, number))[0]!;
      this.index.extensionClusters.set(number, clusters.sort((a, b) => firstOf(a) - firstOf(b)));
    }
  }

  private buildNumberSpace(): void {
    this.space = new NumberSpace();
    this.nsCompile = new Map();
    this.nsCluster = new Map();
    this.nsCross = new Map();
    this.roamingByNumber = new Map();
    this.uses = new Map();
    this.extensionClaims = [];
    this.groups = new Map();
    if (!this.numberSpace && !this.roaming) return;
    const source = this.source();
    const e = this.model;
    const space = this.space;
    for (const [c] of source.each(e.clusters)) if (typeof c.id === 'string') space.cluster(c.id);
    for (const [p] of source.each(e.rightsProfiles)) if (typeof p.id === 'string') space.defineContext(p.id, profileIncludes(e, p));
    let other = OTHER_CLAIMS;
    for (const provider of CLAIM_PROVIDERS) {
      provider.claims(source, (claim) => {
        const before = space.diagnostics.length;
        const extension = isExtensionClaim(claim) ? (claim.owner[1] as number) : undefined;
        const c = space.add(claim, extension ?? other++);
        if (extension !== undefined) this.extensionClaims[extension] = c;
        this.takeCompileDiagnostics(claim, before);
      });
    }
    for (const [g] of source.each(e.groups)) if (!this.groups.has(g.id)) this.groups.set(g.id, g);
    for (const u of entryUses(source)) {
      space.cluster(u.cluster).use(u.profile, 1);
      if (u.owner[0] === 'extensions') this.uses.set(u.owner[1] as number, { cluster: u.cluster, profile: u.profile });
    }
    for (const [k, list] of this.nsCompile) this.nsCompile.set(k, dedupe(list));
    if (this.numberSpace) {
      for (const s of space.clusters.keys()) this.nsCluster.set(s, findClusterConflicts(space, s));
      for (const n of space.internalByNumber.keys()) this.nsCross.set(n, crossClusterConflicts(space, n));
    }
    if (this.roaming) for (const n of space.internalByNumber.keys()) this.roamingByNumber.set(n, roamingNumberOf(e, space, n)?.diagnostics.slice() ?? []);
  }

  private takeCompileDiagnostics(claim: Claim, before: number): void {
    const ds = this.space.diagnostics.splice(before);
    if (ds.length === 0 || !this.numberSpace) return;
    for (const d of ds) pushTo(this.nsCompile, claim.owner.join('\u0000'), d);
  }

  /** Replaces (value) or removes the last (undefined) extension, recording the findings replaced and the new ones. */
  private editExtension(i: number, value: unknown, removed: Diagnostic[], added: Diagnostic[]): void {
    const xs = [...this.model.extensions] as unknown[];
    const oldFacts = this.facts[i];
    if (value === undefined) xs.pop();
    else xs[i] = value;
    this.doc = { ...this.doc, extensions: xs };
    this.model = { ...this.model, extensions: xs as Extension[] };
    // Schema of the edited item.
    removed.push(...(this.schemaExt.get(i) ?? []));
    this.schemaExt.delete(i);
    if (value !== undefined) {
      const schema = checkSchema(EXTENSION_SCHEMA, value, ['extensions', i]);
      mergeUnsound(value, schema.unsound, this.unsound);
      if (schema.diagnostics.length > 0) {
        this.schemaExt.set(i, schema.diagnostics);
        added.push(...schema.diagnostics);
      }
    }
    // Scoping indexes and the model index.
    this.unindexFacts(i);
    if (value === undefined) this.facts.length = xs.length;
    else this.indexFacts(i, value);
    const newFacts = this.facts[i];
    const keys = new Set<string>();
    const numbers = new Set<string>();
    for (const f of [oldFacts, newFacts]) {
      if (f?.indexKey !== undefined) {
        keys.add(f.indexKey);
        numbers.add(f.number!);
      }
    }
    this.patchIndex(keys, numbers);
    // Model rules over the extensions the edited one can meet, and every other collection.
    const scope = this.scopeOf(i, [oldFacts, newFacts], xs.length);
    removed.push(...this.modelRest);
    for (const c of SCOPED) for (const j of scope[c]) removed.push(...(this.modelItems[c].get(j) ?? []));
    if (value === undefined) {
      removed.push(...(this.modelItems.extensions.get(i) ?? []));
      this.modelItems.extensions.delete(i);
    }
    this.runModelRules(scope);
    added.push(...this.modelRest);
    for (const c of SCOPED) for (const j of scope[c]) added.push(...(this.modelItems[c].get(j) ?? []));
    if (this.otherRules.length > 0) {
      removed.push(...this.other);
      this.runOtherRules();
      added.push(...this.other);
    }
    if (this.numberSpace || this.roaming) this.editClaims(i, value, removed, added);
  }

  /** The extensions and queues whose findings can change when extension `i` changes (sorted). */
  private scopeOf(i: number, facts: readonly (Facts | undefined)[], length: number): Scope {
    const seeds: number[] = i < length ? [i] : [];
    for (const f of facts) if (f?.number !== undefined) seeds.push(...this.bySecretary.get(f.number));
    for (const f of facts) seeds.push(...this.byIdKey.get(f?.idKey), ...this.byMac.get(f?.mac));
    // acl.unused needs one user of each ACL in the walk: the first sound one.
    const xs = this.model.extensions as readonly unknown[];
    for (const list of this.byAcl.map.values()) {
      const user = list.find((j) => j < length && this.unsoundFree(xs[j]));
      if (user !== undefined) seeds.push(user);
    }
    for (const [desk] of this.context().each(this.model.hotDesks)) {
      if (isObject(desk.provisioning) && typeof desk.provisioning.mac === 'string') seeds.push(...this.byMac.get(macKey(desk.provisioning.mac)));
    }
    const scope = new Set<number>();
    while (seeds.length > 0) {
      const j = seeds.pop()!;
      if (scope.has(j) || j >= length) continue;
      scope.add(j);
      const f = this.facts[j];
      if (f === undefined) continue;
      seeds.push(...this.byIdKey.get(f.idKey), ...this.byMac.get(f.mac));
    }
    // Queues whose members name the old or new number, and the queues sharing an id with them.
    const queues = new Set<number>();
    const qs = this.model.queues as readonly unknown[];
    const pending: number[] = [];
    for (const f of facts) if (f?.number !== undefined) pending.push(...this.byMember.get(f.number));
    while (pending.length > 0) {
      const q = pending.pop()!;
      if (queues.has(q)) continue;
      queues.add(q);
      const item = qs[q];
      if (isObject(item) && typeof item.id === 'string') pending.push(...this.byQueueId.get(item.id));
    }
    const sorted = (set: ReadonlySet<number>): number[] => [...set].sort((a, b) => a - b);
    return { extensions: sorted(scope), queues: sorted(queues) };
  }

  private editClaims(i: number, value: unknown, removed: Diagnostic[], added: Diagnostic[]): void {
    const space = this.space;
    const owner = ownerKeyOf(i);
    const clusters = new Set<string>();
    const numbers = new Set<string>();
    const had = this.extensionClaims[i];
    if (had !== undefined) {
      space.remove(had);
      this.extensionClaims[i] = undefined;
      clusters.add(had.cluster);
      if (had.context === INTERNAL_CONTEXT && !had.pattern.isPattern) numbers.add(had.key);
    }
    const was = this.uses.get(i);
    if (was !== undefined) {
      space.cluster(was.cluster).use(was.profile, -1);
      clusters.add(was.cluster);
      this.uses.delete(i);
    }
    removed.push(...(this.nsCompile.get(owner) ?? []));
    this.nsCompile.delete(owner);
    if (value !== undefined && this.unsoundFree(value)) {
      const x = value as Extension;
      EXTENSION_CLAIMS.claims(singleExtension(this.model, i, x), (claim) => {
        const before = space.diagnostics.length;
        const c = space.add(claim, i);
        this.extensionClaims[i] = c;
        this.takeCompileDiagnostics(claim, before);
        clusters.add(c.cluster);
        if (c.context === INTERNAL_CONTEXT && !c.pattern.isPattern) numbers.add(c.key);
      });
      const compiled = this.nsCompile.get(owner);
      if (compiled !== undefined) {
        this.nsCompile.set(owner, dedupe(compiled));
        added.push(...this.nsCompile.get(owner)!);
      }
      const profile = effectiveExtension(this.groups, x).rightsProfile.value;
      if (typeof profile === 'string' && typeof x.cluster === 'string') {
        space.cluster(x.cluster).use(profile, 1);
        this.uses.set(i, { cluster: x.cluster, profile });
        clusters.add(x.cluster);
      }
    }
    if (this.numberSpace) {
      for (const s of clusters) {
        removed.push(...(this.nsCluster.get(s) ?? []));
        const found = findClusterConflicts(space, s);
        this.nsCluster.set(s, found);
        added.push(...found);
      }
      for (const n of numbers) {
        removed.push(...(this.nsCross.get(n) ?? []));
        const found = crossClusterConflicts(space, n);
        if (found.length > 0) this.nsCross.set(n, found);
        else this.nsCross.delete(n);
        added.push(...found);
      }
    }
    if (this.roaming) {
      for (const n of numbers) {
        removed.push(...(this.roamingByNumber.get(n) ?? []));
        const found = roamingNumberOf(this.model, space, n)?.diagnostics.slice() ?? [];
        if (found.length > 0) this.roamingByNumber.set(n, found);
        else this.roamingByNumber.delete(n);
        added.push(...found);
      }
    }
  }

  private unsoundFree(value: unknown): boolean {
    return isObject(value) && !this.unsound.has(value);
  }
}

const EXTENSION_CLAIMS = CLAIM_PROVIDERS.find((p) => p.name === 'extensions')!;

function isExtensionClaim(claim: Claim): boolean {
  return claim.kind === 'extension' && claim.owner[0] === 'extensions' && typeof claim.owner[1] === 'number' && claim.owner.length === 2;
}

/** A claim source that holds only extension `i` (the edited one). */
function singleExtension(enterprise: Enterprise, i: number, x: Extension): ClaimSource {
  return {
    enterprise,
    *each<T>(items: readonly T[] | undefined): Iterable<[T, number]> {
      if (items === (enterprise.extensions as unknown)) yield [x as unknown as T, i];
    },
  };
}
