import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Claim } from './claim.js';
import { conflictsOfNumber, findConflicts } from './find-conflicts.js';
import { NumberSpace } from './number-space.js';

/** A space on cluster c1 with the given claims; `entries` are the contexts in use (with includes). */
function spaceWith(claims: Partial<Claim>[], contexts: Record<string, string[]> = {}, entries: string[] = []): NumberSpace {
  const space = new NumberSpace();
  for (const [ctx, inc] of Object.entries(contexts)) space.defineContext(ctx, inc);
  space.cluster('c1');
  claims.forEach((c, i) => space.add({ cluster: 'c1', context: 'internal', kind: 'extension', owner: ['claims', i], label: `claim ${i}`, extension: '', ...c }));
  for (const e of entries) space.cluster('c1').use(e, 1);
  return space;
}

const pick = (ds: Diagnostic[], code: string) => ds.filter((d) => d.code === code).map((d) => ({ path: d.path, related: d.related?.map((r) => r.path), data: d.data }));

describe('duplicates', () => {
  it('finds the same literal twice in one context; the second is reported', () => {
    const ds = findConflicts(spaceWith([{ extension: '5200' }, { extension: '52-00' }]));
    expect(pick(ds, 'numspace.duplicate')).toEqual([{ path: ['claims', 1], related: [['claims', 0]], data: { extension: '52-00', witness: '5200', cluster: 'c1', context: 'internal', otherContext: 'internal', other: 'claim 0', via: [] } }]);
  });
  it('finds a duplicate through includes: the included context loses', () => {
    const ds = findConflicts(spaceWith([{ extension: '411', context: 'internal' }, { extension: '411', context: 'feature-directory', kind: 'feature' }], { P: ['internal', 'feature-directory'] }, ['P']));
    expect(pick(ds, 'numspace.duplicate')).toEqual([{ path: ['claims', 1], related: [['claims', 0]], data: expect.objectContaining({ context: 'feature-directory', otherContext: 'internal', via: ['P'] }) }]);
  });
  it('reports nothing for contexts no entry ever searches together', () => {
    const ds = findConflicts(spaceWith([{ extension: '411', context: 'internal' }, { extension: '411', context: 'feature-directory' }], { P: ['feature-directory'] }, ['P']));
    expect(pick(ds, 'numspace.duplicate')).toEqual([]);
  });
});

describe('literal shadowed by a pattern', () => {
  it('in one context the literal wins and the pattern is reported with a count', () => {
    const ds = findConflicts(spaceWith([{ extension: '6101' }, { extension: '6102' }, { extension: '_61XX' }]));
    expect(pick(ds, 'numspace.literal-shadowed')).toEqual([{ path: ['claims', 2], related: [['claims', 0]], data: expect.objectContaining({ reaches: 'literal', witness: '6101', count: 2, pattern: '_61XX' }) }]);
  });
  it('a pattern in an earlier include takes the literal of a later one (error)', () => {
    // P searches class-local before internal: 92345678 reaches _9NXXXXXX, never the extension.
    const ds = findConflicts(spaceWith([{ extension: '92345678' }, { extension: '_9NXXXXXX', context: 'class-local', kind: 'route' }], { P: ['class-local', 'internal'] }, ['P']));
    const found = ds.filter((d) => d.code === 'numspace.literal-shadowed');
    expect(found.map((d) => [d.path, d.severity, d.data.reaches, d.data.via])).toEqual([[['claims', 0], 'error', 'pattern', ['P']]]);
    // From the internal entry alone the literal is reached: no finding there (P is the only via).
  });
});

describe('pattern overlap and the docs ordering example', () => {
  it('orders _64NX, _64XX, _6[34]NX, _6XX1, _6. as Asterisk does for 6421', () => {
    const order = ['_64NX', '_64XX', '_6[34]NX', '_6XX1', '_6.'];
    // Defined in reverse so the result cannot come from definition order.
    const claims = [...order].reverse().map((extension) => ({ extension, context: 'ctx', kind: 'route' as const }));
    const ds = findConflicts(spaceWith(claims, { P: ['ctx'] }, ['P']));
    const overlaps = ds.filter((d) => d.code === 'numspace.pattern-overlap').map((d) => [d.data.pattern, d.data.winner] as const);
    // Every pair overlaps (all five match 6421); the winner is always the one earlier in the order.
    expect(overlaps).toHaveLength(10);
    for (const [loser, winner] of overlaps) expect(order.indexOf(winner as string)).toBeLessThan(order.indexOf(loser as string));
    const w = ds.find((d) => d.code === 'numspace.pattern-overlap' && d.data.pattern === '_6.' && d.data.winner === '_64NX')!;
    expect(w.data.witness).toBe('6420'); // shortest common number: 6,4, smallest of N = 2, smallest X = 0
    expect(w.path).toEqual(['claims', 0]);
    expect(w.related).toEqual([{ path: ['claims', 4] }]);
    expect(pick(ds, 'numspace.pattern-unreachable')).toEqual([]);
  });
  it('finds a pattern covered by the patterns tried before it', () => {
    const ds = findConflicts(spaceWith([{ extension: '_6[0-4]X' }, { extension: '_6[5-9]X' }, { extension: '_6XX' }]));
    expect(pick(ds, 'numspace.pattern-unreachable')).toEqual([{ path: ['claims', 2], related: [['claims', 0], ['claims', 1]], data: expect.objectContaining({ pattern: '_6XX', by: ['_6[0-4]X', '_6[5-9]X'], witness: '600' }) }]);
  });
  it('finds a finite pattern covered by literals alone', () => {
    const ds = findConflicts(spaceWith([{ extension: '610' }, { extension: '611' }, { extension: '_61[01]' }]));
    expect(pick(ds, 'numspace.pattern-unreachable').map((d) => d.data.by)).toEqual([['610', '611']]);
  });
  it('does not compare patterns whose literal prefixes cannot meet', () => {
    const ds = findConflicts(spaceWith([{ extension: '_61XX' }, { extension: '_62XX' }]));
    expect(ds).toEqual([]);
  });
});

describe('priority leak', () => {
  it('reports a literal with fewer priorities than a matching pattern', () => {
    const ds = findConflicts(spaceWith([{ extension: '6001', priorities: 2 }, { extension: '_600X', priorities: 3 }]));
    expect(pick(ds, 'numspace.priority-leak')).toEqual([{ path: ['claims', 0], related: [['claims', 1]], data: expect.objectContaining({ number: '6001', witness: '6001', priorities: 2, patternPriorities: 3 }) }]);
  });
  it('is silent when priorities are unknown or enough', () => {
    const ds = findConflicts(spaceWith([{ extension: '6001', priorities: 3 }, { extension: '_600X', priorities: 3 }, { extension: '6002' }]));
    expect(pick(ds, 'numspace.priority-leak')).toEqual([]);
  });
});

describe('prefix ambiguity', () => {
  it('411 vs 4110 in one search', () => {
    const ds = findConflicts(spaceWith([{ extension: '4110' }, { extension: '411', context: 'feature-directory', kind: 'feature' }], { P: ['internal', 'feature-directory'] }, ['P']));
    expect(pick(ds, 'numspace.prefix-ambiguity')).toEqual([{ path: ['claims', 1], related: [['claims', 0]], data: expect.objectContaining({ witness: '411', longer: '4110', via: ['P'] }) }]);
  });
  it('a literal that is a prefix of a pattern', () => {
    const ds = findConflicts(spaceWith([{ extension: '99' }, { extension: '_9NXX' }]));
    expect(pick(ds, 'numspace.prefix-ambiguity').map((d) => d.data)).toEqual([expect.objectContaining({ witness: '99', longer: '9900' })]);
  });
});

describe('cross-cluster', () => {
  function two(a: Partial<Claim>, b: Partial<Claim>): NumberSpace {
    const space = new NumberSpace();
    space.add({ cluster: 'c1', context: 'internal', kind: 'extension', owner: ['x', 0], label: 'a', extension: '5020', ...a });
    space.add({ cluster: 'c2', context: 'internal', kind: 'extension', owner: ['x', 1], label: 'b', extension: '5020', ...b });
    return space;
  }
  it('reports a number on two clusters that is neither roaming nor standard', () => {
    expect(pick(findConflicts(two({}, {})), 'numspace.cross-cluster')).toEqual([{ path: ['x', 1], related: [['x', 0]], data: { number: '5020', witness: '5020', cluster: 'c2', otherCluster: 'c1', other: 'a' } }]);
  });
  it('accepts it when the first side is roaming or standard (the roaming view judges the rest)', () => {
    expect(pick(findConflicts(two({ multiCluster: true }, { multiCluster: true })), 'numspace.cross-cluster')).toEqual([]);
  });
});

describe('single-number re-check', () => {
  it('returns the same findings as the full check for that number', () => {
    const space = spaceWith([{ extension: '411', context: 'feature-directory', kind: 'feature' }, { extension: '4110' }, { extension: '4110' }], { P: ['internal', 'feature-directory'] }, ['P']);
    const full = findConflicts(space).filter((d) => d.data.witness === '4110' || d.data.longer === '4110');
    const one = conflictsOfNumber(space, 'c1', '4110');
    const key = (d: Diagnostic): string => `${d.code} ${JSON.stringify(d.path)}`;
    expect(one.map(key).sort()).toEqual(full.map(key).sort());
    expect(one.map((d) => d.code).sort()).toEqual(['numspace.duplicate', 'numspace.prefix-ambiguity']);
  });
});
