import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadEnterprise } from '../load/load-enterprise.js';
import type { Enterprise } from '../model/enterprise.js';
import '../number-space/index.js';
import { tinyEnterprise } from '../test-support/tiny-enterprise.js';
import { validate } from './validate.js';
import { Validator, type ModelEdit } from './validator.js';

/** Findings as comparable text, sorted (the validator keeps them in another order than validate()). */
const canon = (ds: readonly Diagnostic[]): string[] => ds.map((d) => JSON.stringify(d)).sort();

/** `before` minus `removed` plus `added`, as a multiset. */
function applyDelta(before: readonly Diagnostic[], removed: readonly Diagnostic[], added: readonly Diagnostic[]): string[] {
  const out = canon(before);
  for (const r of canon(removed)) {
    const at = out.indexOf(r);
    expect(at, `removed finding was not there: ${r}`).toBeGreaterThanOrEqual(0);
    out.splice(at, 1);
  }
  return [...out, ...canon(added)].sort();
}

/** The tiny enterprise with more extensions, a hot desk and a queue, so edits meet each other. */
function tinyPlus(): Record<string, unknown> {
  const e = tinyEnterprise() as Record<string, unknown>;
  const xs = e.extensions as Record<string, unknown>[];
  xs.push(
    { number: '6103', cluster: 'c1', group: 'sales', name: 'Cy', secret: 'Pw4xQz8rTn2mKv5jLs7d', provisioning: { vendor: 'snom', mac: '00:11:22:33:44:55' } },
    { number: '6104', cluster: 'c2', group: 'sales', name: 'Di', secret: 'Rt6yHb3nMk9wQp2zLx4c', services: { secretary: '6101' } },
    { number: '6101', cluster: 'c2', group: 'sales', name: 'Ann', secret: 'Ks5tGb4nMz2wQp8zRx3v', roaming: true },
  );
  // A route pattern over the extension numbers: internal comes first, so the pattern is shadowed by
  // every 61XX literal (one finding whose count and related follow the literals).
  e.callClasses = [...(e.callClasses as unknown[]), { id: 'local', patterns: [{ pattern: '_61XX' }, { pattern: '_6.' }] }];
  e.rightsProfiles = [{ id: 'staff', callClasses: ['internal', 'emergency', 'local'] }];
  e.hotDesks = [{ number: '6190', cluster: 'c1', name: 'Lobby', secret: 'Mn3bVc8xZl5kJh2gFd7s', provisioning: { vendor: 'snom', mac: '00:11:22:33:44:66' } }];
  e.queues = [{ id: 'q1', number: '6150', cluster: 'c1', group: 'sales', strategy: 'ringall', members: [{ extension: '6102' }] }, { id: 'q1', number: '6151', cluster: 'c2', group: 'sales', strategy: 'ringall', members: [{ extension: '6101' }, { extension: '6101' }] }];
  return e;
}

const numbers = ['6101', '6102', '6103', '6104', '610', '61011', '6150', '6190', '911', '9911', '*97', '61-05', '7000', '9'];
const fieldEdit = fc.oneof(
  fc.record({ number: fc.constantFrom(...numbers) }),
  fc.record({ number: fc.constantFrom<unknown>(6105, '', null, ['6101']) }),
  fc.record({ cluster: fc.constantFrom<unknown>('c1', 'c2', 'nope', 7) }),
  fc.record({ group: fc.constantFrom('sales', 'nope') }),
  fc.record({ rightsProfile: fc.constantFrom<unknown>('staff', 'nope', undefined) }),
  fc.record({ acl: fc.constantFrom<unknown>('phones', 'nope', undefined) }),
  fc.record({ provisioning: fc.constantFrom<unknown>({ vendor: 'snom', mac: '00:11:22:33:44:55' }, { vendor: 'yealink', mac: '00-11-22-33-44-66' }, { vendor: 'snom', mac: 12 }, undefined) }),
  fc.record({ services: fc.constantFrom<unknown>({ secretary: '6101' }, { secretary: '6199' }, { secretary: '6102' }, undefined) }),
  fc.record({ secret: fc.constantFrom('password', 'Zq8wXv3rTn5mKp2jLs9d') }),
  fc.record({ voicemail: fc.constantFrom<unknown>({ box: '6101', pin: '1234' }, { box: '6101', pin: '580314' }, 'no', undefined) }),
  fc.record({ roaming: fc.boolean(), standardNumber: fc.boolean() }),
  fc.record({ callForward: fc.constantFrom<unknown>({ always: '6101' }, undefined) }),
  fc.record({ name: fc.string({ maxLength: 5 }) }),
);

/** A random edit as an index choice and field changes; resolved against the current model when applied. */
const editArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), from: fc.nat(), fields: fc.array(fieldEdit, { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('append' as const), from: fc.nat(), fields: fc.array(fieldEdit, { maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove-last' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove-first' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('acl' as const), permit: fc.constantFrom<string[]>([], ['10.0.0.0/8']) }) },
);

type EditSpec = typeof editArb extends fc.Arbitrary<infer T> ? T : never;

function resolve(spec: EditSpec, model: Enterprise): ModelEdit | undefined {
  const xs = model.extensions as readonly unknown[];
  const pick = (n: number): Record<string, unknown> => (typeof xs[n % xs.length] === 'object' && xs[n % xs.length] !== null ? { ...(xs[n % xs.length] as Record<string, unknown>) } : {});
  const apply = (base: Record<string, unknown>, fields: readonly Record<string, unknown>[]): Record<string, unknown> => {
    const out = structuredClone(base);
    for (const f of fields) for (const [k, v] of Object.entries(f)) if (v === undefined) delete out[k]; else out[k] = structuredClone(v);
    return out;
  };
  switch (spec.kind) {
    case 'set': return xs.length === 0 ? undefined : { op: 'set', collection: 'extensions', index: spec.at % xs.length, value: apply(pick(spec.from), spec.fields) };
    case 'append': return xs.length === 0 ? undefined : { op: 'set', collection: 'extensions', index: xs.length, value: apply(pick(spec.from), spec.fields) };
    case 'remove-last': return xs.length === 0 ? undefined : { op: 'remove', collection: 'extensions', index: xs.length - 1 };
    case 'remove-first': return xs.length === 0 ? undefined : { op: 'remove', collection: 'extensions', index: 0 };
    case 'acl': return model.acls.length === 0 ? undefined : { op: 'set', collection: 'acls', index: 0, value: { ...model.acls[0], permit: spec.permit } };
  }
}

function check(base: () => unknown, runs: number): void {
  fc.assert(
    fc.property(fc.array(fc.oneof(editArb, fc.array(editArb, { minLength: 2, maxLength: 3 })), { minLength: 1, maxLength: 6 }), (steps) => {
      const v = new Validator(base());
      expect(canon(v.diagnostics)).toEqual(canon(validate(base())));
      for (const step of steps) {
        // Each edit is resolved against the model the edits before it left; an independent copy
        // receives the same edits and is validated in full.
        const doc = structuredClone({ ...v.enterprise }) as Record<string, unknown>;
        const edits: ModelEdit[] = [];
        for (const spec of Array.isArray(step) ? step : [step]) {
          const e = resolve(spec, doc as unknown as Enterprise);
          if (e === undefined) continue;
          edits.push(e);
          const list = doc[e.collection] as unknown[];
          if (e.op === 'set') list[e.index] = structuredClone(e.value);
          else list.splice(e.index, 1);
        }
        const before = v.diagnostics;
        const delta = v.applyEdit(edits);
        const want = canon(validate(doc));
        expect(canon(v.diagnostics)).toEqual(want);
        expect(applyDelta(before, delta.removed, delta.added)).toEqual(want);
      }
    }),
    { numRuns: runs },
  );
}

describe('Validator', () => {
  let demo: Enterprise;
  beforeAll(async () => {
    demo = (await loadEnterprise('examples/enterprise')).enterprise!;
  });

  it('finds what validate() finds after random edits of the tiny enterprise', () => {
    check(tinyPlus, 400);
  });

  it('finds what validate() finds after random edits of the demo enterprise', () => {
    check(() => structuredClone(demo), 80);
  });

  it('re-checks extension edits incrementally and anything else in full', () => {
    const v = new Validator(tinyPlus());
    const x = v.enterprise.extensions[1]!;
    const dup = v.applyEdit({ op: 'set', collection: 'extensions', index: 1, value: { ...x, number: '6103' } });
    expect(dup.incremental).toBe(true);
    // 6102 renumbered to 6103, which extension 2 has on c1: the second one (index 2) is the duplicate
    // of the first (index 1), reported once, by the number space; the queue member
    // 6102 no longer exists; extension 1's prefix ambiguity with _6. now has the witness 6103. The
    // shadowing of _61XX and _6. keeps count 3 and witness 6101, so it is not in the delta.
    expect(dup.added.map((d) => [d.code, d.path]).sort()).toEqual([
      ['numspace.duplicate', ['extensions', 2]],
      ['numspace.prefix-ambiguity', ['extensions', 1]],
      ['ref.unknown', ['queues', 0, 'members', 0, 'extension']],
    ]);
    expect(dup.removed.map((d) => [d.code, d.path, d.data.witness])).toEqual([['numspace.prefix-ambiguity', ['extensions', 1], '6102']]);
    expect(v.applyEdit({ op: 'remove', collection: 'extensions', index: 0 }).incremental).toBe(false);
    expect(canon(v.diagnostics)).toEqual(canon(validate(v.enterprise)));
  });

  it('returns the schema findings alone for input that is not an object', () => {
    const v = new Validator('nope');
    expect(v.diagnostics.map((d) => d.code)).toEqual(validate('nope').map((d) => d.code));
  });
});
