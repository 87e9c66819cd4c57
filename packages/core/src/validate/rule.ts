import { diag, type DiagOptions } from '../diagnostics/catalogue.js';
import type { Diagnostic, ModelPath } from '../diagnostics/diagnostic.js';
import type { Enterprise } from '../model/enterprise.js';
import { DEFAULT_POLICY, type ValidationPolicy } from '../model/policy.js';
import { suggest } from '../schema/did-you-mean.js';
import type { ModelIndex } from './model-index.js';

/** What a rule sees: the model, its index, the policy, and where to report. */
export class RuleContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly policy: Required<Omit<ValidationPolicy, 'suppress' | 'severity'>>;

  constructor(
    readonly enterprise: Enterprise,
    readonly index: ModelIndex,
    private readonly unsound: WeakSet<object>,
    private readonly memo: WeakMap<object, Map<string, unknown>> = new WeakMap(),
  ) {
    this.policy = { ...DEFAULT_POLICY, ...stripUndefined(enterprise.policy ?? {}) };
  }

  /**
   * The value `compute` returns for the part `key` of the model, computed once per `key` object and
   * `name`. Within one `validate()` this is plain memoisation; a `Validator` keeps the memo across
   * edits that leave `key` untouched, so a rule's costly work over unchanged settings is not redone.
   */
  cached<T>(name: string, key: object, compute: () => T): T {
    let slot = this.memo.get(key);
    if (slot === undefined) this.memo.set(key, (slot = new Map()));
    if (!slot.has(name)) slot.set(name, compute());
    return slot.get(name) as T;
  }

  /** False for objects whose shape is broken (a schema error): rules skip them. */
  sound(value: unknown): value is object {
    return typeof value === 'object' && value !== null && !Array.isArray(value) && !this.unsound.has(value);
  }

  /** The sound items of a list, with their indexes. */
  *each<T>(items: readonly T[] | undefined): Generator<[T, number]> {
    if (!Array.isArray(items)) return;
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as T;
      if (this.sound(item)) yield [item, i];
    }
  }

  report(code: string, path: ModelPath, data: Readonly<Record<string, unknown>> = {}, options?: DiagOptions): void {
    this.diagnostics.push(diag(code, path, data, options));
  }

  /**
   * Checks that `value` names an existing thing of `kind` in `table`; reports `ref.unknown` with a
   * "did you mean" otherwise. Returns the thing found.
   */
  ref<V>(kind: string, value: string | undefined, table: ReadonlyMap<string, V>, path: ModelPath): V | undefined {
    if (value === undefined) return undefined;
    const found = table.get(value);
    if (found === undefined) {
      const suggestion = suggest(value, table.keys());
      this.report('ref.unknown', path, { kind, value, ...(suggestion === undefined ? {} : { suggestion }) });
    }
    return found;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** When a rule applies: on every check (`common`) or only when creating, updating or deleting. */
export type Lifecycle = 'common' | 'create' | 'update' | 'delete';

/** A named model check. Rules are pure: they read the context and report; they never throw on bad data. */
export interface Rule {
  readonly name: string;
  readonly lifecycle: Lifecycle;
  run(ctx: RuleContext): void;
}
