import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEnterprise } from '../load/load-enterprise.js';
import { parseEnterprise } from '../load/load-enterprise.js';
import { serializeEnterprise } from '../load/save-enterprise.js';
import { tinyEnterprise } from '../test-support/tiny-enterprise.js';
import { validate } from './validate.js';

/** Every path to a value in a JSON-like tree. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): void {
  let cur = root as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) cur = cur[step] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (last !== undefined) cur[last] = value;
}

const junk = fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.constant(null), fc.array(fc.anything(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), fc.anything(), { maxKeys: 3 }));
const base = tinyEnterprise();
const basePaths = paths(base).filter((p) => p.length > 0);

describe('loader and validator never throw', () => {
  // The demos hold every kind of entity (number plan, policy, queues, conferences...): junk put
  // anywhere in them reaches every rule.
  const demos: unknown[] = [];
  beforeAll(async () => {
    for (const name of ['enterprise', 'unisi']) demos.push((await loadEnterprise(new URL(`../../../../examples/${name}`, import.meta.url).pathname)).enterprise);
  });

  it('on the demo enterprises with random values put anywhere', () => {
    for (const demo of demos) {
      const demoPaths = paths(demo).filter((p) => p.length > 0);
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: demoPaths.length - 1 }), junk), { minLength: 1, maxLength: 3 }), (edits) => {
          const doc = structuredClone(demo);
          for (const [i, v] of edits) {
            try {
              setAt(doc, demoPaths[i] as (string | number)[], v);
            } catch {
              // the path no longer exists after an earlier edit: fine
            }
          }
          for (const d of validate(doc)) expect(typeof d.code).toBe('string');
        }),
        { numRuns: 300 },
      );
    }
  }, 120_000);

  it('on the tiny enterprise with random values put anywhere', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: basePaths.length - 1 }), junk), { minLength: 1, maxLength: 5 }), (edits) => {
        const doc = structuredClone(tinyEnterprise());
        for (const [i, v] of edits) {
          try {
            setAt(doc, basePaths[i] as (string | number)[], v);
          } catch {
            // the path no longer exists after an earlier edit: fine
          }
        }
        const diagnostics = validate(doc);
        expect(Array.isArray(diagnostics)).toBe(true);
        for (const d of diagnostics) expect(typeof d.code).toBe('string');
      }),
      { numRuns: 400 },
    );
  });

  it('on random text as YAML and as JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.string({ unit: fc.constantFrom('{', '}', '[', ']', ':', ',', '"', ' ', '\n', '-', 'a', '1', '#', '&', '*') })), (text) => {
        for (const file of ['x.yaml', 'x.json']) {
          const loaded = parseEnterprise(text, { file });
          if (loaded.enterprise !== undefined) validate(loaded.enterprise);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('on serialised documents with random edits, and saving stays stable', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: basePaths.length - 1 }), fc.oneof(fc.string(), fc.integer(), fc.boolean()), (i, v) => {
        const doc = structuredClone(base);
        setAt(doc, basePaths[i] as (string | number)[], v);
        const text = serializeEnterprise(doc);
        const loaded = parseEnterprise(text, { file: 'x.yaml' });
        if (loaded.enterprise === undefined) return;
        validate(loaded.enterprise);
        expect(serializeEnterprise(loaded.enterprise)).toBe(serializeEnterprise(parseEnterprise(serializeEnterprise(loaded.enterprise), { file: 'y.yaml' }).enterprise as never));
      }),
      { numRuns: 200 },
    );
  });
});
