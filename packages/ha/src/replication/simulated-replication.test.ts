import { Socket } from 'node:net';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEnterprise } from '@acm/core';
import type { Enterprise, Server } from '@acm/core';
import { createConnection } from 'mysql2/promise';
import { checkEnterpriseReplication } from '../enterprise/enterprise-checks.js';
import { replicationExitCode } from '../health/enterprise-health.js';
import { renderReplicationReport } from './render-replication.js';
import { simulatedReplication } from './simulated-replication.js';
import type { SqlConnector } from './sql-connection.js';
import type { ReplicationReport } from './check-replication.js';

// The real path's connection factory: any call would be a connection to a model address.
vi.mock('mysql2/promise', () => ({ createConnection: vi.fn(() => Promise.reject(new Error('a simulated check opened a MySQL connection'))) }));

let demo: Enterprise;
let socketConnect: ReturnType<typeof vi.spyOn>;
beforeAll(async () => {
  const loaded = await loadEnterprise(new URL('../../../../examples/enterprise', import.meta.url).pathname);
  if (loaded.enterprise === undefined) throw new Error('the demo enterprise does not load');
  demo = loaded.enterprise;
  socketConnect = vi.spyOn(Socket.prototype, 'connect');
});
afterEach(() => {
  // No test of this file may open a socket or reach mysql2.
  expect(vi.mocked(createConnection)).not.toHaveBeenCalled();
  expect(socketConnect).not.toHaveBeenCalled();
});

const byId = (reports: readonly ReplicationReport[], id: string): ReplicationReport => {
  const r = reports.find((x) => x.topology.id === id);
  if (r === undefined) throw new Error(`no report for ${id}`);
  return r;
};
const summary = (r: ReplicationReport): unknown[] => r.diagnostics.map((d) => [d.code, d.path, d.data]);

describe('simulated replication of the demo enterprise', () => {
  it('checks every declared topology OK, the heartbeat included, without a socket', async () => {
    const reports = await checkEnterpriseReplication(demo, { heartbeat: true, ...simulatedReplication(demo) });
    expect(reports.map((r) => [r.topology.id, r.status, r.diagnostics])).toEqual(demo.replication.map((t) => [t.id, 'OK', []]));
    // The ring of five: every writer's row arrives on the four others.
    const ring = byId(reports, 'enterprise-ring');
    expect(ring.heartbeat?.arrivals).toHaveLength(20);
    expect(ring.heartbeat?.arrivals.every((a) => a.expected && a.ms !== null)).toBe(true);
    // ast16 is a ring member and half of tpa1-pair: its second connection is the pair's, not unexpected.
    expect(ring.edges.map((e) => `${e.source}>${e.replica}`)).toEqual(['ast51>ast16', 'ast16>ast21', 'ast21>ast31', 'ast31>ast41', 'ast41>ast51']);
    expect(byId(reports, 'tpa1-pair').edges.map((e) => `${e.source}>${e.replica}`)).toEqual(['ast15>ast16', 'ast16>ast15']);
    expect(replicationExitCode(reports)).toBe(0);
  });

  it('names a stopped IO thread on one ring hop, and the heartbeat rows that stop there', async () => {
    const sim = simulatedReplication(demo, { faults: [{ node: 'ast21', kind: 'io-stopped', source: 'ast16' }] });
    const reports = await checkEnterpriseReplication(demo, { ...sim, heartbeat: { timeoutMs: 150 } });
    const ring = byId(reports, 'enterprise-ring');
    const ringIndex = demo.replication.findIndex((t) => t.id === 'enterprise-ring');
    // Ring order ast16, ast21, ast31, ast41, ast51: hop 0 is ast16 -> ast21 (member 1 is ast21).
    expect(summary(ring).filter((x) => (x as [string])[0] !== 'replication.heartbeat-missing')).toEqual([
      ['replication.not-replicating', ['replication', ringIndex, 'members', 1], {
        node: 'ast21', source: 'ast16', connection: 'ast16', thread: 'io', io: 'No', sql: 'Yes', ioErrno: 0, ioError: '', sqlErrno: 0, sqlError: '',
      }],
      ['replication.ring-broken', ['replication', ringIndex, 'members', 0], { hop: 0, source: 'ast16', replica: 'ast21', reason: 'not-replicating' }],
    ]);
    // A row written on member i travels round until ast21: 0 + 1 + 2 + 3 + 4 missing arrivals.
    const missing = ring.diagnostics.filter((d) => d.code === 'replication.heartbeat-missing').map((d) => `${String(d.data.source)}>${String(d.data.replica)}`).sort();
    expect(missing).toEqual([
      'ast16>ast21', 'ast16>ast31', 'ast16>ast41', 'ast16>ast51',
      'ast31>ast21',
      'ast41>ast21', 'ast41>ast31',
      'ast51>ast21', 'ast51>ast31', 'ast51>ast41',
    ]);
    expect(ring.status).toBe('CRITICAL');
    // The pair ast21 <-> ast22 is untouched.
    expect(byId(reports, 'tpa2-pair').status).toBe('OK');
    expect(replicationExitCode(reports)).toBe(2);
  });

  it('names an SQL error, a lag and a down server exactly', async () => {
    const sim = simulatedReplication(demo, {
      faults: [
        { node: 'ast15', kind: 'sql-error' },
        { node: 'ast31', kind: 'lag', source: 'ast21', seconds: 95 },
        { node: 'ast52', kind: 'down' },
      ],
    });
    const reports = await checkEnterpriseReplication(demo, sim);
    const tpa1 = byId(reports, 'tpa1-pair');
    expect(tpa1.diagnostics.map((d) => [d.code, d.data.node, d.data.source, d.data.thread, d.data.sqlErrno])).toEqual([['replication.not-replicating', 'ast15', 'ast16', 'sql', 1062]]);
    const ring = byId(reports, 'enterprise-ring');
    expect(ring.diagnostics.map((d) => [d.code, d.data])).toEqual([['replication.lagging', { node: 'ast31', source: 'ast21', connection: 'ast21', seconds: 95, threshold: 30 }]]);
    const ams = byId(reports, 'ams-pair');
    expect(ams.diagnostics.map((d) => [d.code, d.data.node])).toEqual([['replication.not-replicating', 'ast51'], ['replication.node-down', 'ast52']]);
    expect(ams.diagnostics[1]?.data).toMatchObject({ confirmedBy: ['ast51'] });
    expect(ams.diagnostics[0]?.data).toMatchObject({ io: 'Connecting', ioErrno: 2003 });
    expect(reports.filter((r) => r.status !== 'OK').map((r) => [r.topology.id, r.status])).toEqual([
      ['enterprise-ring', 'WARNING'], ['tpa1-pair', 'CRITICAL'], ['ams-pair', 'CRITICAL'],
    ]);
  });

  it('refuses a fault on a server it does not know', () => {
    expect(() => simulatedReplication(demo, { faults: [{ node: 'nope', kind: 'down' }] })).toThrow(RangeError);
  });
});

describe('secrets and failures make the check UNKNOWN with a full report (exit 3), never a throw', () => {
  /** The demo's tpa1 pair alone, with another mysql endpoint for ast15 when given. */
  const pair = (mysql: Server['mysql']): Pick<Enterprise, 'clusters' | 'replication'> => {
    const tpa = demo.clusters.find((c) => c.servers.some((s) => s.id === 'ast16'));
    if (tpa === undefined) throw new Error('no cluster of ast16');
    const servers = tpa.servers.map((s) => (s.id === 'ast15' && mysql !== undefined ? { ...s, mysql } : s));
    return { clusters: [{ ...tpa, servers }], replication: demo.replication.filter((t) => t.id === 'tpa1-pair') };
  };
  // The stand-in of the pair alone (the whole demo's would give ast16 its ring connection too).
  let connect: SqlConnector;
  let dir = '';
  beforeAll(async () => {
    connect = simulatedReplication(pair(undefined)).connect;
    dir = await mkdtemp(join(tmpdir(), 'acm-secret-'));
    await mkdir(join(dir, 'secrets'));
    await writeFile(join(dir, 'secrets', 'ast15.pw'), 'from-the-enterprise-dir\n');
    await writeFile(join(dir, 'enterprise.yaml'), '# the model file; its directory is the secrets base\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a relative { file } password from the enterprise directory, not the cwd', async () => {
    const seen = new Map<string, string | undefined>();
    const spy: SqlConnector = (node, o) => {
      seen.set(node.id, node.password);
      return connect(node, o);
    };
    const model = pair({ port: 3306, user: 'acm', password: { file: 'secrets/ast15.pw' } });
    const [r] = await checkEnterpriseReplication(model, { connect: spy, enterprisePath: join(dir, 'enterprise.yaml') });
    expect(r?.status).toBe('OK');
    expect(seen.get('ast15')).toBe('from-the-enterprise-dir');
    // The directory itself is the base as well (core's secretBaseDir).
    const [d] = await checkEnterpriseReplication(model, { connect: spy, enterprisePath: dir });
    expect(d?.status).toBe('OK');
  });

  it('names the server whose secret cannot be resolved, checks the rest, and is UNKNOWN', async () => {
    const model = pair({ port: 3306, user: 'acm', password: { env: 'ACM_TEST_UNSET_PW' } });
    const reports = await checkEnterpriseReplication(model, { connect, env: {}, heartbeat: true });
    const r = reports[0] as ReplicationReport;
    expect(summary(r)).toEqual([['replication.secret-unresolved', ['replication', 0, 'members', 1], { node: 'ast15', reason: 'environment variable ACM_TEST_UNSET_PW is not set' }]]);
    expect(r.status).toBe('UNKNOWN');
    expect(replicationExitCode(reports)).toBe(3);
    // ast16 was read; ast15 was not contacted; its edge into ast15 is unknown, not missing.
    expect(r.nodes.map((n) => [n.id, n.reachable])).toEqual([['ast16', true], ['ast15', false]]);
    expect(renderReplicationReport(r)).toMatch(/ast16 -> ast15 {2}UNKNOWN/);
    expect(JSON.parse(JSON.stringify(reports))).toHaveLength(1);
  });

  it('turns a throwing resolver and a failing server into UNKNOWN findings', async () => {
    const model = pair(undefined);
    const thrown = await checkEnterpriseReplication(model, { connect, resolveSecret: () => { throw new Error('vault sealed'); } });
    expect(thrown[0]?.diagnostics.map((d) => [d.code, d.data.node])).toEqual([['replication.secret-unresolved', 'ast16'], ['replication.secret-unresolved', 'ast15']]);
    expect(thrown[0]?.status).toBe('UNKNOWN');
    // A server answering something no one foresaw, during the heartbeat.
    const odd: SqlConnector = async (node, o) => {
      const c = await connect(node, o);
      return { query: (sql, v) => (sql.startsWith('REPLACE') && node.id === 'ast16' ? Promise.reject(Object.assign(new Error('Lock wait timeout exceeded'), { errno: 1205 })) : c.query(sql, v)), end: () => c.end() };
    };
    const failed = await checkEnterpriseReplication(model, { connect: odd, heartbeat: { timeoutMs: 50 } });
    expect(failed[0]?.diagnostics.map((d) => [d.code, d.data])).toEqual([['replication.check-failed', { node: 'ast16', step: 'write', reason: 'Lock wait timeout exceeded' }]]);
    expect(replicationExitCode(failed)).toBe(3);
  });
});
