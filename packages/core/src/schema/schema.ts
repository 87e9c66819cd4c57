import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/catalogue.js';
import { suggest } from './did-you-mean.js';
import { FORMATS, type FormatName } from './formats.js';

/**
 * State of one structural check: the path being walked (mutated in place for speed), the findings,
 * and the set of objects whose own shape is broken (semantic rules skip those).
 */
export class SchemaContext {
  /** The current path; schemas push and pop around nested values. */
  readonly path: (string | number)[] = [];
  readonly diagnostics: Diagnostic[] = [];
  /** Objects with a wrong type or a missing required field: later rules must not read them. */
  readonly unsound = new WeakSet<object>();

  report(code: string, data: Readonly<Record<string, unknown>>, extra: readonly (string | number)[] = []): void {
    this.diagnostics.push(diag(code, [...this.path, ...extra], data));
  }
}

/** A runtime schema for values of type `T`: checks a value and reports what is wrong with it. */
export interface Schema<T> {
  /** Short human description of what is expected, used in messages ("an IPv4 address"). */
  readonly expected: string;
  /** Checks `value`; returns false when its type is wrong (the caller treats the owner as unsound). */
  check(value: unknown, ctx: SchemaContext): boolean;
  /**
   * Optional repair applied before `check` where the container is writable: a YAML/JSON number
   * where a string is expected (`number: 5200`) becomes the string `"5200"`.
   */
  coerce?(value: unknown): unknown;
  /** For object schemas: the members in declaration order (the order files are saved in). */
  readonly members?: Readonly<Record<string, Schema<unknown>>>;
  /** For list schemas: the schema of the items. */
  readonly item?: Schema<unknown>;
  /** Phantom member that carries `T` for type inference; never set. */
  readonly __type?: T;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function preview(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 80 ? `${value.slice(0, 77)}...` : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  return typeName(value);
}

/** Options of {@link str}. */
export interface StringOptions {
  readonly format?: FormatName;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** A string, optionally of a known format (`ipv4`, `cidr`, `mac`, `time`, ...). */
export function str(options: StringOptions = {}): Schema<string> {
  const format = options.format === undefined ? undefined : FORMATS[options.format];
  return {
    expected: format?.expected ?? 'a string',
    coerce: (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? String(v) : v),
    check(value, ctx) {
      if (typeof value !== 'string') {
        ctx.report('schema.type', { expected: format?.expected ?? 'a string', actual: typeName(value), value: preview(value) });
        return false;
      }
      if (options.minLength !== undefined && value.length < options.minLength) {
        ctx.report('schema.length', { min: options.minLength, max: options.maxLength, actual: value.length });
      } else if (options.maxLength !== undefined && value.length > options.maxLength) {
        ctx.report('schema.length', { min: options.minLength, max: options.maxLength, actual: value.length });
      } else if (format !== undefined && !format.test(value)) {
        ctx.report('schema.format', { format: options.format, expected: format.expected, value: preview(value) });
      }
      return true;
    },
  };
}

/** Options of {@link num}. */
export interface NumberOptions {
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}

/** A number (an integer by default) within optional bounds. */
export function num(options: NumberOptions = {}): Schema<number> {
  const integer = options.integer ?? true;
  const expected = `${integer ? 'an integer' : 'a number'}${options.min !== undefined ? ` >= ${options.min}` : ''}${options.max !== undefined ? ` <= ${options.max}` : ''}`;
  return {
    expected,
    check(value, ctx) {
      if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
        ctx.report('schema.type', { expected, actual: typeName(value), value: preview(value) });
        return false;
      }
      if ((options.min !== undefined && value < options.min) || (options.max !== undefined && value > options.max)) {
        ctx.report('schema.range', { min: options.min, max: options.max, value });
      }
      return true;
    },
  };
}

/** A boolean. */
export function bool(): Schema<boolean> {
  return {
    expected: 'true or false',
    check(value, ctx) {
      if (typeof value !== 'boolean') {
        ctx.report('schema.type', { expected: 'true or false', actual: typeName(value), value: preview(value) });
        return false;
      }
      return true;
    },
  };
}

/** One of a fixed set of strings (or numbers); suggests the closest allowed value. */
export function oneOf<const V extends string | number>(values: readonly V[]): Schema<V> {
  const allowed = new Set<unknown>(values);
  const expected = `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  return {
    expected,
    check(value, ctx) {
      if (!allowed.has(value)) {
        const suggestion = typeof value === 'string' ? suggest(value, values.map(String)) : undefined;
        ctx.report('schema.enum', { allowed: values, value: preview(value), ...(suggestion === undefined ? {} : { suggestion }) });
        return typeof value === typeof values[0];
      }
      return true;
    },
  };
}

/** An array whose every item matches `item`. */
export function arr<T>(item: Schema<T>, options: { minLength?: number } = {}): Schema<T[]> {
  const expected = `a list of ${item.expected}`;
  return {
    expected,
    item: item as Schema<unknown>,
    check(value, ctx) {
      if (!Array.isArray(value)) {
        ctx.report('schema.type', { expected, actual: typeName(value), value: preview(value) });
        return false;
      }
      if (options.minLength !== undefined && value.length < options.minLength) {
        ctx.report('schema.length', { min: options.minLength, actual: value.length });
      }
      const path = ctx.path;
      const coerce = item.coerce !== undefined && !Object.isFrozen(value) ? item.coerce : undefined;
      let sound = true;
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        let v: unknown = value[i];
        if (coerce !== undefined) {
          const c = coerce(v);
          if (c !== v) value[i] = v = c;
        }
        if (!item.check(v, ctx)) {
          // A broken item of a list of objects is skipped on its own; anything else breaks the list's owner.
          if (item.members !== undefined && typeof v === 'object' && v !== null) ctx.unsound.add(v);
          else sound = false;
        }
        path.pop();
      }
      return sound;
    },
  };
}

/** Marks an object member as optional (absent or `undefined` is fine). */
export interface OptionalSchema<T> extends Schema<T> {
  readonly optional: true;
}

/** Wraps a schema so the member may be left out. */
export function opt<T>(schema: Schema<T>): OptionalSchema<T> {
  return { ...schema, optional: true };
}

/** The member schemas of an object type `T`, optional members wrapped in {@link opt}. */
export type Shape<T> = { readonly [K in keyof T]-?: undefined extends T[K] ? OptionalSchema<Exclude<T[K], undefined>> : Schema<T[K]> };

/**
 * An object with exactly the members of `T`: unknown keys are reported with a "did you mean",
 * missing required members and wrong types make the object unsound.
 *
 * Use as `obj<Extension>()({ number: str(), ... })`: the compiler checks that the shape lists every
 * member of the interface, optional ones wrapped in {@link opt}.
 */
export function obj<T>(description = 'an object'): (shape: Shape<T>) => Schema<T> {
  return (shape) => {
    const entries = Object.entries(shape) as [string, Schema<unknown> & { optional?: true }][];
    const known = new Set(entries.map(([k]) => k));
    return {
      expected: description,
      members: shape as unknown as Record<string, Schema<unknown>>,
      check(value, ctx) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          ctx.report('schema.type', { expected: description, actual: typeName(value), value: preview(value) });
          return false;
        }
        const record = value as Record<string, unknown>;
        let sound = true;
        const path = ctx.path;
        const writable = !Object.isFrozen(record);
        for (const [key, schema] of entries) {
          let v = record[key];
          if (writable && v !== undefined && schema.coerce !== undefined) {
            const c = schema.coerce(v);
            if (c !== v) record[key] = v = c;
          }
          if (v === undefined) {
            if (schema.optional !== true) {
              ctx.report('schema.required', { key, expected: schema.expected }, [key]);
              sound = false;
            }
            continue;
          }
          path.push(key);
          if (!schema.check(v, ctx)) sound = false;
          path.pop();
        }
        for (const key in record) {
          if (!known.has(key)) {
            const suggestion = suggest(key, known);
            ctx.report('schema.unknown-key', { key, ...(suggestion === undefined ? {} : { suggestion }) }, [key]);
          }
        }
        if (!sound) ctx.unsound.add(record);
        return sound;
      },
    };
  };
}

/** A value matching the first schema whose `accepts` says yes (a tagged choice, e.g. a secret). */
export function either<T>(expected: string, options: readonly { accepts: (v: unknown) => boolean; schema: Schema<T> }[]): Schema<T> {
  return {
    expected,
    coerce(value) {
      for (const o of options) {
        const c = o.schema.coerce?.(value);
        if (c !== undefined && c !== value) return c;
      }
      return value;
    },
    check(value, ctx) {
      for (const o of options) if (o.accepts(value)) return o.schema.check(value, ctx);
      // No value in the finding: a choice schema guards secrets, whose wrong values must not be echoed.
      ctx.report('schema.type', { expected, actual: typeName(value) });
      return false;
    },
  };
}

/** A map from user-chosen keys to values of one schema. */
export function record<T>(value: Schema<T>, key?: Schema<string>): Schema<Record<string, T>> {
  const expected = `a map of ${value.expected}`;
  return {
    expected,
    check(v, ctx) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) {
        ctx.report('schema.type', { expected, actual: typeName(v), value: preview(v) });
        return false;
      }
      for (const [k, item] of Object.entries(v)) {
        ctx.path.push(k);
        if (key !== undefined) key.check(k, ctx);
        value.check(item, ctx);
        ctx.path.pop();
      }
      return true;
    },
  };
}

/** Runs a schema over a whole value and returns its findings and the unsound objects. */
export function checkSchema<T>(schema: Schema<T>, value: unknown, base: readonly (string | number)[] = []): SchemaContext {
  const ctx = new SchemaContext();
  ctx.path.push(...base);
  if (!schema.check(value, ctx) && typeof value === 'object' && value !== null) ctx.unsound.add(value);
  return ctx;
}
