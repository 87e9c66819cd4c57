import { describe, expect, it } from 'vitest';
import { analyzeReplication } from './analyze-replication.js';
import { autoIncrementCollides } from './auto-increment.js';
import { reachableFrom } from './heartbeat.js';
import { renderReplicationReport } from './render-replication.js';
import type { NodeSnapshot, NodeVariables, ReplicaChannel } from './node-state.js';
import { expectedEdges, topologyProblem } from './replication-node.js';
import type { ReplicationNode } from './replication-node.js';

const nodes: ReplicationNode[] = ['a', 'b', 'c', 'd'].map((id, i) => ({ id, host: '10.0.0.1', port: 3306 + i, user: 'acm' }));
const vars = (serverId: number, over: Partial<NodeVariables> = {}): NodeVariables => ({
  serverId, logBin: true, logSlaveUpdates: true, autoIncrementIncrement: 4, autoIncrementOffset: serverId, gtidDomainId: serverId,
  readOnly: false, binlogFormat: 'ROW', version: '10.11.14-MariaDB', ...over,
});
const ch = (port: number, over: Partial<ReplicaChannel> = {}): ReplicaChannel => ({
  connectionName: '', masterHost: '10.0.0.1', masterPort: port, ioRunning: 'Yes', sqlRunning: 'Yes', secondsBehindMaster: 0,
  lastIoErrno: 0, lastIoError: '', lastSqlErrno: 0, lastSqlError: '', usingGtid: 'Slave_Pos', gtidIoPos: '', ...over,
});
const up = (id: string, v: NodeVariables, channels: ReplicaChannel[]): NodeSnapshot => ({ id, reachable: true, variables: v, channels });

describe('topology shapes', () => {
  it('declares the edges of each kind', () => {
    expect(expectedEdges({ kind: 'master-slave', members: ['a', 'b', 'c'] })).toEqual([{ source: 'a', replica: 'b' }, { source: 'a', replica: 'c' }]);
    expect(expectedEdges({ kind: 'master-master', members: ['a', 'b'] })).toEqual([{ source: 'a', replica: 'b' }, { source: 'b', replica: 'a' }]);
    expect(expectedEdges({ kind: 'circular', members: ['a', 'b', 'c', 'd'] }).map((e) => `${e.source}>${e.replica}`)).toEqual(['a>b', 'b>c', 'c>d', 'd>a']);
    expect([...reachableFrom({ kind: 'circular', members: ['a', 'b', 'c'] }, 'b')].sort()).toEqual(['a', 'c']);
    expect([...reachableFrom({ kind: 'master-slave', members: ['a', 'b', 'c'] }, 'b')]).toEqual([]);
  });

  it('rejects shapes that cannot be checked', () => {
    const known = new Set(['a', 'b', 'c']);
    expect(topologyProblem({ kind: 'circular', members: ['a', 'b'] }, known)).toMatch(/at least 3/);
    expect(topologyProblem({ kind: 'master-master', members: ['a', 'b', 'c'] }, known)).toMatch(/exactly 2/);
    expect(topologyProblem({ kind: 'master-slave', members: ['a', 'x'] }, known)).toMatch(/"x"/);
    expect(topologyProblem({ kind: 'circular', members: ['a', 'b', 'a'] }, known)).toMatch(/twice/);
    const r = analyzeReplication({ id: 'ring', kind: 'circular', members: ['a', 'b'] }, nodes, []);
    expect(r.diagnostics.map((d) => [d.code, d.path])).toEqual([['replication.topology-invalid', ['replication', 'ring', 'members']]]);
    expect(r.status).toBe('CRITICAL');
  });
});

describe('auto-increment collisions', () => {
  it('follows the congruence rule', () => {
    expect(autoIncrementCollides({ increment: 2, offset: 1 }, { increment: 2, offset: 2 })).toBe(false);
    expect(autoIncrementCollides({ increment: 1, offset: 1 }, { increment: 1, offset: 1 })).toBe(true);
    // 3k+1 = 1,4,7..; 2k+2 = 2,4,6..: 4 is in both.
    expect(autoIncrementCollides({ increment: 3, offset: 1 }, { increment: 2, offset: 2 })).toBe(true);
    // 4k+1 and 4k+3: odd both, but 1 mod 4 vs 3 mod 4 never meet.
    expect(autoIncrementCollides({ increment: 4, offset: 1 }, { increment: 4, offset: 3 })).toBe(false);
    // An offset above the increment is ignored (treated as 1): 2k+5 acts as 2k+1.
    expect(autoIncrementCollides({ increment: 2, offset: 5 }, { increment: 2, offset: 1 })).toBe(true);
  });
});

describe('analyzeReplication (synthetic snapshots)', () => {
  it('is silent on a healthy 4-node ring and names lag and unknown sources', () => {
    const ring = { id: 'r', kind: 'circular' as const, members: ['a', 'b', 'c', 'd'] };
    const healthy = [up('a', vars(1), [ch(3309)]), up('b', vars(2), [ch(3306)]), up('c', vars(3), [ch(3307)]), up('d', vars(4), [ch(3308)])];
    expect(analyzeReplication(ring, nodes, healthy)).toMatchObject({ diagnostics: [], status: 'OK' });
    const bad = [
      up('a', vars(1), [ch(3309, { secondsBehindMaster: 45 })]),
      up('b', vars(2), [ch(3306), ch(4000, { connectionName: 'stray' })]),
      up('c', vars(3), [ch(3307)]),
      up('d', vars(4), [ch(3308)]),
    ];
    const r = analyzeReplication(ring, nodes, bad, { maxLagSeconds: 30 });
    expect(r.diagnostics.map((d) => [d.code, d.path, d.data.node])).toEqual([
      ['replication.lagging', ['replication', 'r', 'members', 0], 'a'],
      ['replication.unexpected-source', ['replication', 'r', 'members', 1], 'b'],
    ]);
    expect(r.diagnostics[1]?.data).toMatchObject({ source: null, masterHost: '10.0.0.1', masterPort: 4000, connection: 'stray' });
    expect(r.status).toBe('CRITICAL');
  });

  it('calls an unreachable node with a still-replicating replica a warning, not a death', () => {
    const ms = { id: 'm', kind: 'master-slave' as const, members: ['a', 'b'] };
    const r = analyzeReplication(ms, nodes, [{ id: 'a', reachable: false, error: 'ETIMEDOUT' }, up('b', vars(2, { readOnly: true }), [ch(3306)])]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.data.replicasStillReplicating])).toEqual([['replication.node-unreachable', 'warning', ['b']]]);
    expect(r.status).toBe('WARNING');
  });

  // Issue 17 item 12: what the reports say must match the data.
  it('does not claim replicas vouch for an unreachable node when none does', () => {
    const ms = { id: 'm', kind: 'master-slave' as const, members: ['a', 'b'] };
    const r = analyzeReplication(ms, nodes, [{ id: 'a', reachable: false, error: 'ETIMEDOUT' }, up('b', vars(2, { readOnly: true }), [])]);
    const d = r.diagnostics.find((x) => x.code === 'replication.node-unreachable');
    expect([d?.severity, d?.data]).toEqual(['error', { node: 'a', error: 'ETIMEDOUT', replicasStillReplicating: [] }]);
    expect(d?.message).not.toMatch(/still replicate/);
    // With a replica that does read from it, the message names that replica.
    const w = analyzeReplication(ms, nodes, [{ id: 'a', reachable: false, error: 'ETIMEDOUT' }, up('b', vars(2, { readOnly: true }), [ch(3306)])]);
    expect(w.diagnostics[0]?.message).toMatch(/\bb\b.*still replicate/);
  });

  it('names the connection of an extra channel in the unexpected-source message', () => {
    const ms = { id: 'm', kind: 'master-slave' as const, members: ['a', 'b'] };
    const r = analyzeReplication(ms, nodes, [up('a', vars(1), []), up('b', vars(2, { readOnly: true }), [ch(3306), ch(4000, { connectionName: 'stray' })])]);
    const d = r.diagnostics.find((x) => x.code === 'replication.unexpected-source');
    expect(d?.data).toMatchObject({ node: 'b', connection: 'stray' });
    expect(d?.message).toContain('"stray"');
  });

  it('renders an edge it could not read as UNKNOWN, and one that is really absent as MISSING', () => {
    const ring = { id: 'r', kind: 'circular' as const, members: ['a', 'b', 'c'] };
    // b is unreadable (its edge a -> b is unknown); c has no connection at all (b -> c is missing).
    const snaps: NodeSnapshot[] = [up('a', vars(1), [ch(3308)]), { id: 'b', reachable: false, error: 'ETIMEDOUT' }, up('c', vars(3), [])];
    const a = analyzeReplication(ring, nodes, snaps);
    const text = renderReplicationReport({ ...a, checkedAt: '', durationMs: 1, nodes: snaps });
    const edgeLines = text.split('\n').filter((l) => /^ {4}\w+ -> \w+/.test(l)).map((l) => l.trim().replace(/ \(.*\)$/, ''));
    expect(edgeLines).toEqual(['c -> a  IO Yes  SQL Yes  lag 0  declared', 'a -> b  UNKNOWN', 'b -> c  MISSING']);
  });
});
