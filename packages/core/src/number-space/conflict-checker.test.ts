import { describe, expect, it } from 'vitest';
import { generateEnterprise, SYNTHETIC_SIZES } from '../synthetic/generate-enterprise.js';
import { ConflictChecker } from './conflict-checker.js';

describe('ConflictChecker', () => {
  it('re-checks one edited extension against the index', () => {
    const e = generateEnterprise(SYNTHETIC_SIZES.S);
    const checker = new ConflictChecker(e);
    const base = checker.all().filter((d) => d.code === 'numspace.duplicate').length;
    const a = e.extensions[0]!;
    const bIndex = e.extensions.findIndex((x, i) => i > 0 && x.cluster === a.cluster && x.roaming !== true && x.standardNumber !== true);
    const b = e.extensions[bIndex]!;
    // Renumber b to a's number: a duplicate in the internal context, reported at b, related to a.
    const found = checker.setExtension(bIndex, { ...b, number: a.number });
    const dup = found.filter((d) => d.code === 'numspace.duplicate');
    expect(dup.map((d) => [d.path, d.related?.[0]?.path])).toEqual([[['extensions', bIndex], ['extensions', 0]]]);
    expect(checker.all().filter((d) => d.code === 'numspace.duplicate')).toHaveLength(base + 1);
    // Undo: the duplicate disappears.
    expect(checker.setExtension(bIndex, b).filter((d) => d.code === 'numspace.duplicate')).toEqual([]);
    expect(checker.all().filter((d) => d.code === 'numspace.duplicate')).toHaveLength(base);
  });
});
