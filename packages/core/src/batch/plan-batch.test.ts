import { describe, expect, it } from 'vitest';
import { generateEnterprise, SYNTHETIC_SIZES } from '../synthetic/generate-enterprise.js';
import { secretWeaknesses } from '../validate/rules/secrets.js';
import { planBatch } from './plan-batch.js';
import '../number-space/index.js';

const e = generateEnterprise(SYNTHETIC_SIZES.S);

describe('planBatch', () => {
  it('rejects a malformed range without creating anything', () => {
    const plan = planBatch(e, { group: e.groups[0]!.id, cluster: e.clusters[0]!.id, from: '200', to: '1999' });
    expect(plan.status).toBe('INVALID');
    expect(plan.extensions).toEqual([]);
    expect(plan.diagnostics.map((d) => [d.code, d.data.reason])).toEqual([['batch.range-invalid', 'the ends have different lengths']]);
  });
  it('is INVALID when a number already exists on the cluster, and says which', () => {
    const taken = e.extensions[0]!;
    const group = e.groups.find((g) => g.id === taken.group)!;
    const plan = planBatch(e, { group: group.id, cluster: taken.cluster, from: taken.number, to: taken.number });
    expect(plan.status).toBe('INVALID');
    const dup = plan.diagnostics.find((d) => d.code === 'numspace.duplicate')!;
    expect(dup.path).toEqual(['extensions', e.extensions.length]);
    expect(dup.related).toEqual([{ path: ['extensions', 0] }]);
  });
  it('generates strong secrets and PINs for every new extension', () => {
    const free = e.extensions[0]!;
    const plan = planBatch(e, { group: free.group, cluster: free.cluster, from: '0000', to: '0004' });
    expect(plan.extensions).toHaveLength(5);
    for (const x of plan.extensions) expect(secretWeaknesses(x.secret as string, 12, [x.number])).toEqual([]);
    expect(new Set(plan.extensions.map((x) => x.secret)).size).toBe(5);
  });
  it('reports unknown groups and clusters', () => {
    const plan = planBatch(e, { group: 'nope', cluster: 'nowhere', from: '1', to: '2' });
    expect(plan.diagnostics.map((d) => [d.code, d.path])).toEqual([['ref.unknown', ['batch', 'group']], ['ref.unknown', ['batch', 'cluster']]]);
  });
});
