import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadEnterprise } from '../load/load-enterprise.js';
import type { Enterprise } from '../model/enterprise.js';
import '../number-space/index.js';
import { Store, applyChanges, introducedErrors, type Change } from './store.js';

// The store keeps a Validator between writes and decides from its delta; these tests hold its
// decisions to the ones two full validations (introducedErrors) give, on SQLite.
const DEMO = fileURLToPath(new URL('../../../../examples/enterprise', import.meta.url));
const canon = (ds: readonly Diagnostic[]): string[] => ds.map((d) => JSON.stringify([d.code, d.path, d.data])).sort();

let dir: string;
let demo: Enterprise;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acm-store-validation-'));
  demo = (await loadEnterprise(DEMO)).enterprise!;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fresh(): Promise<{ store: Store; url: string }> {
  const url = `sqlite:${join(dir, `s${n++}.db`)}`;
  const store = await Store.open(url);
  expect((await store.importEnterprise(demo, { actor: 't' })).ok).toBe(true);
  return { store, url };
}

const patchArb = fc.oneof(
  fc.record({ name: fc.constantFrom('Renamed', 'X') }),
  fc.record({ secret: fc.constantFrom('password', 'Zq8wXv3rTn5mKp2jLs9dQ1') }),
  fc.record({ group: fc.constantFrom('nope', 'USSales') }),
  fc.record({ number: fc.constantFrom('5200', '5201', '520', '52000', '911', '6199', '7777') }),
  fc.record({ cluster: fc.constantFrom('tpa1', 'tpa2', 'sfo', 'nope') }),
  fc.record({ acl: fc.constantFrom<unknown>('nope', null) }),
  fc.record({ roaming: fc.constantFrom<unknown>(true, null) }),
);
const changeArb = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('update' as const), at: fc.nat(), patch: patchArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('create' as const), from: fc.nat(), patch: patchArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
);
type ChangeSpec = typeof changeArb extends fc.Arbitrary<infer T> ? T : never;

function resolve(spec: ChangeSpec, e: Enterprise): Change {
  const xs = e.extensions;
  const key = (i: number): string => `${xs[i % xs.length]!.cluster}/${xs[i % xs.length]!.number}`;
  if (spec.kind === 'update') return { action: 'update', collection: 'extensions', key: key(spec.at), patch: spec.patch };
  if (spec.kind === 'delete') return { action: 'delete', collection: 'extensions', key: key(spec.at) };
  const value: Record<string, unknown> = { ...xs[spec.from % xs.length]!, number: '6150' };
  for (const [k, v] of Object.entries(spec.patch)) if (v === null) delete value[k]; else value[k] = v;
  return { action: 'create', collection: 'extensions', value };
}

describe('store edits validated incrementally', () => {
  it('refuse exactly when two full validations find errors introduced', async () => {
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(changeArb, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 6 }), async (batches) => {
        const { store } = await fresh();
        try {
          for (const specs of batches) {
            const before = (await store.exportEnterprise())!;
            const changes = specs.map((s) => resolve(s, before));
            const applied = applyChanges(before, changes);
            const expected = applied.diagnostics.length > 0 ? applied.diagnostics : introducedErrors(before, applied.after);
            const got = await store.batch(changes, { actor: 't' });
            expect(got.ok).toBe(expected.length === 0);
            seen[got.ok ? 'accepted' : 'refused']++;
            expect(canon(got.diagnostics)).toEqual(canon(expected));
            // Nothing of a refused batch was written; an accepted one was.
            const now = (await store.exportEnterprise())!;
            expect(JSON.stringify(now)).toBe(JSON.stringify(got.ok ? applied.after : before));
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: 25 },
    );
    // Both outcomes occurred, so the comparison decided something.
    expect(seen.accepted).toBeGreaterThan(5);
    expect(seen.refused).toBeGreaterThan(5);
  });

  it('notices a write by another store and validates against it', async () => {
    const { store: a, url } = await fresh();
    const b = await Store.open(url);
    try {
      const x = demo.extensions[0]!;
      expect((await a.extensions.update(`${x.cluster}/${x.number}`, { name: 'A' })).ok).toBe(true);
      // b adds 6150 on x's cluster; a, whose kept model predates it, must see it and refuse a second one.
      expect((await b.extensions.create({ ...x, number: '6150', name: 'B' })).ok).toBe(true);
      const again = await a.extensions.create({ ...x, number: '6150', name: 'A2' });
      expect(again.ok).toBe(false);
      expect(again.diagnostics.map((d) => d.code)).toEqual(['store.exists']);
      // And a renumbering onto b's extension is refused as a duplicate.
      const dup = await a.extensions.update(`${x.cluster}/${x.number}`, { number: '6150' });
      expect(dup.ok).toBe(false);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
