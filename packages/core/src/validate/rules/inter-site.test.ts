import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEnterprise } from '../../load/load-enterprise.js';
import type { Enterprise } from '../../model/enterprise.js';
import type { Trunk } from '../../model/trunk.js';
import { validate } from '../validate.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..', '..', 'examples', 'enterprise');
let demo: Enterprise;
beforeAll(async () => {
  demo = (await loadEnterprise(root)).enterprise as Enterprise;
});

const mismatches = (e: Enterprise): [unknown, unknown][] => validate(e).filter((d) => d.code === 'trunk.peer-mismatch').map((d) => [d.path, d.data]);
const at = (e: Enterprise, cluster: string, id: string): number => e.trunks.findIndex((t) => t.cluster === cluster && t.id === id);
const edit = (cluster: string, id: string, change: (t: Trunk) => Trunk | undefined): Enterprise => {
  const trunks = demo.trunks.flatMap((t) => (t.cluster === cluster && t.id === id ? [change(t)].filter((x): x is Trunk => x !== undefined) : [t]));
  return { ...demo, trunks };
};

describe('trunk.peer-mismatch', () => {
  it('finds nothing in the demo: every inter-site pair agrees', () => {
    expect(mismatches(demo)).toEqual([]);
  });

  it('reports a trunk whose peer cluster has no trunk back', () => {
    // Dropping lon's TPA trunk leaves tpa1's LON trunk alone.
    const e = edit('lon', 'TPA', () => undefined);
    expect(mismatches(e)).toEqual([[['trunks', at(e, 'tpa1', 'LON'), 'peerCluster'], { trunk: 'LON', cluster: 'tpa1', peerCluster: 'lon', reason: 'no-trunk-back' }]]);
  });

  it('reports different secrets at both ends, and a username the peer does not know', () => {
    const e = edit('lon', 'TPA', (t) => ({ ...t, auth: { username: 'lon', secret: 'another-long-secret-1' } }));
    const lon = at(e, 'lon', 'TPA');
    const tpa = at(e, 'tpa1', 'LON');
    expect(mismatches(e)).toEqual([
      // tpa1 knows lon's end as its trunk LON, so lon must present "LON", not "lon".
      [['trunks', lon, 'auth', 'username'], { trunk: 'TPA', cluster: 'lon', peerCluster: 'tpa1', peerTrunk: 'LON', reason: 'username', username: 'lon', expected: 'LON' }],
      [['trunks', lon, 'auth'], { trunk: 'TPA', cluster: 'lon', peerCluster: 'tpa1', peerTrunk: 'LON', reason: 'secret' }],
      [['trunks', tpa, 'auth'], { trunk: 'LON', cluster: 'tpa1', peerCluster: 'lon', peerTrunk: 'TPA', reason: 'secret' }],
    ].sort((a, b) => (a[0] as number[])[1]! - (b[0] as number[])[1]!));
  });

  it('compares references by what they name, and never judges a reference against an inline value', () => {
    const both = edit('lon', 'TPA', (t) => ({ ...t, auth: { username: 'LON', secret: { env: 'LON_TPA' } } }));
    const e = { ...both, trunks: both.trunks.map((t) => (t.cluster === 'tpa1' && t.id === 'LON' ? { ...t, auth: { username: 'TPA', secret: { env: 'LON_TPA' } } } : t)) };
    expect(mismatches(e)).toEqual([]);
    expect(mismatches(both)).toEqual([]);
  });
});
