import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '@acm/core';
import { MariadbServer, replicate, resetReplication, startMariadbServers, waitUntil } from '../../../../test-support/mariadb.js';
import { haveBinaries } from '../../../../test-support/free-port.js';
import { checkReplication } from './check-replication.js';
import type { ReplicationNode, TopologySpec } from './replication-node.js';

// Three real MariaDB servers, started once for the file and rewired for each topology.
// Co-master settings: increment 3 with offsets 1, 2, 3 and one GTID domain per server.
let servers: MariadbServer[] = [];
const ids = ['s1', 's2', 's3'] as const;
beforeAll(async () => {
  servers = (await startMariadbServers([1, 2, 3].map((i) => ({ serverId: i, gtidDomainId: i, autoIncrementIncrement: 3, autoIncrementOffset: i })))) ?? [];
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.destroy()));
});

const S = (i: 1 | 2 | 3): MariadbServer => servers[i - 1] as MariadbServer;
const nodes = (): ReplicationNode[] => servers.map((s, i) => ({ id: ids[i] as string, host: s.host, port: s.port, user: s.user }));
const codes = (ds: readonly Diagnostic[]): string[] => ds.map((d) => d.code).sort();
const find = (ds: readonly Diagnostic[], code: string): Diagnostic | undefined => ds.find((d) => d.code === code);

async function wire(pairs: readonly [replica: 1 | 2 | 3, source: 1 | 2 | 3][]): Promise<void> {
  await resetReplication(servers, ['app', 'acm_heartbeat']);
  for (const [r, s] of pairs) await replicate(S(r), S(s));
  // Wait until every connection runs both threads.
  const ok = await waitUntil(async () => {
    for (const [r] of pairs) {
      const rows = await S(r).query<{ Slave_IO_Running: string; Slave_SQL_Running: string }>('SHOW ALL SLAVES STATUS');
      if (!rows.every((x) => x.Slave_IO_Running === 'Yes' && x.Slave_SQL_Running === 'Yes')) return false;
    }
    return true;
  });
  if (!ok) throw new Error('replication did not start');
}

async function ioState(i: 1 | 2 | 3): Promise<string> {
  const rows = await S(i).query<{ Slave_IO_Running: string }>('SHOW ALL SLAVES STATUS');
  return rows[0]?.Slave_IO_Running ?? 'none';
}

describe.runIf(await haveBinaries('/usr/sbin/mariadbd'))('checkReplication against real MariaDB servers', () => {
  describe('master-slave s1 -> s2, s3', () => {
    const ms: TopologySpec = { id: 'ms', kind: 'master-slave', members: ['s1', 's2', 's3'] };
    beforeAll(async () => {
      await wire([[2, 1], [3, 1]]);
      await S(2).query('SET GLOBAL read_only=1');
      await S(3).query('SET GLOBAL read_only=1');
    });
    afterAll(async () => {
      await S(2).query('SET GLOBAL read_only=0');
      await S(3).query('SET GLOBAL read_only=0');
    });

    it('is OK when healthy, and the heartbeat reaches both replicas', async () => {
      const r = await checkReplication(ms, nodes(), { heartbeat: true });
      expect(r.diagnostics).toEqual([]);
      expect(r.status).toBe('OK');
      expect(r.edges.map((e) => `${e.source}>${e.replica}:${e.io}/${e.sql}`).sort()).toEqual(['s1>s2:Yes/Yes', 's1>s3:Yes/Yes']);
      expect(r.heartbeat?.arrivals.map((a) => [a.source, a.replica, a.ms !== null])).toEqual([['s1', 's2', true], ['s1', 's3', true]]);
    });

    it('names a writable replica', async () => {
      await S(3).query('SET GLOBAL read_only=0');
      const r = await checkReplication(ms, nodes());
      expect(r.diagnostics.map((d) => [d.code, d.path, d.data])).toEqual([['replication.writable-replica', ['replication', 'ms', 'members', 2], { node: 's3' }]]);
      expect(r.status).toBe('WARNING');
      await S(3).query('SET GLOBAL read_only=1');
    });

    it('names a stopped IO thread', async () => {
      await S(2).query('STOP SLAVE IO_THREAD');
      const r = await checkReplication(ms, nodes());
      expect(codes(r.diagnostics)).toEqual(['replication.not-replicating']);
      expect(r.diagnostics[0]?.data).toMatchObject({ node: 's2', source: 's1', thread: 'io', io: 'No', sql: 'Yes' });
      await S(2).query('START SLAVE IO_THREAD');
      expect(await waitUntil(async () => (await ioState(2)) === 'Yes')).toBe(true);
    });

    it('names a duplicate key on a replica with the SQL error', async () => {
      await S(1).query('CREATE DATABASE app; CREATE TABLE app.t (id INT PRIMARY KEY)');
      await waitUntil(async () => (await S(2).query("SHOW TABLES IN app LIKE 't'")).length === 1);
      await S(2).query('SET SESSION sql_log_bin=0; INSERT INTO app.t VALUES (1)');
      await S(1).query('INSERT INTO app.t VALUES (1)');
      await waitUntil(async () => (await S(2).query<{ Slave_SQL_Running: string }>('SHOW ALL SLAVES STATUS'))[0]?.Slave_SQL_Running === 'No');
      const r = await checkReplication(ms, nodes());
      const d = find(r.diagnostics, 'replication.not-replicating');
      expect(d?.data).toMatchObject({ node: 's2', thread: 'sql', io: 'Yes', sql: 'No', sqlErrno: 1062 });
      expect(String(d?.data.sqlError)).toContain('app.t');
      expect(r.status).toBe('CRITICAL');
    });

    it('names an unexpected source and the edge it replaces', async () => {
      await wire([[2, 1], [3, 2]]);
      await S(2).query('SET GLOBAL read_only=1');
      const r = await checkReplication(ms, nodes());
      expect(r.diagnostics.map((d) => [d.code, d.data.node ?? d.data.replica, d.data.source])).toEqual([
        ['replication.unexpected-source', 's3', 's2'],
        ['replication.missing-edge', 's3', 's1'],
      ]);
    });
  });

  describe('master-master s1 <-> s2', () => {
    const mm: TopologySpec = { id: 'mm', kind: 'master-master', members: ['s1', 's2'] };
    beforeAll(async () => {
      await wire([[2, 1], [1, 2]]);
    });

    it('is OK with offsets 1 and 2 of 3, and the heartbeat goes both ways', async () => {
      const r = await checkReplication(mm, nodes(), { heartbeat: true });
      expect(r.diagnostics).toEqual([]);
      expect(r.heartbeat?.arrivals.map((a) => `${a.source}>${a.replica}:${a.ms !== null}`)).toEqual(['s1>s2:true', 's2>s1:true']);
    });

    it('names an auto-increment collision, a duplicate server_id and a missing edge', async () => {
      await S(2).query('SET GLOBAL auto_increment_offset=1; SET GLOBAL server_id=1');
      await S(1).query("STOP SLAVE; RESET SLAVE '' ALL");
      const r = await checkReplication(mm, nodes());
      expect(codes(r.diagnostics)).toEqual(['replication.auto-increment-collision', 'replication.duplicate-server-id', 'replication.missing-edge']);
      expect(find(r.diagnostics, 'replication.auto-increment-collision')?.data).toEqual({ nodes: ['s1', 's2'], increments: [3, 3], offsets: [1, 1] });
      expect(find(r.diagnostics, 'replication.duplicate-server-id')?.data).toEqual({ serverId: 1, nodes: ['s1', 's2'] });
      expect(find(r.diagnostics, 'replication.missing-edge')?.data).toEqual({ source: 's2', replica: 's1' });
      await S(2).query('SET GLOBAL auto_increment_offset=2; SET GLOBAL server_id=2');
    });
  });

  describe('ring s1 -> s2 -> s3 -> s1', () => {
    const ring: TopologySpec = { id: 'ring', kind: 'circular', members: ['s1', 's2', 's3'] };
    beforeAll(async () => {
      await wire([[2, 1], [3, 2], [1, 3]]);
    });

    it('is OK and a write on each node arrives on the two others', async () => {
      const r = await checkReplication(ring, nodes(), { heartbeat: true });
      expect(r.diagnostics).toEqual([]);
      expect(r.heartbeat?.arrivals).toHaveLength(6);
      expect(r.heartbeat?.arrivals.every((a) => a.expected && a.ms !== null)).toBe(true);
    });

    it('names a binlog format mismatch', async () => {
      await S(3).query("SET GLOBAL binlog_format='MIXED'");
      const r = await checkReplication(ring, nodes());
      expect(r.diagnostics.map((d) => [d.code, d.data])).toEqual([['replication.binlog-format-mismatch', { formats: { s1: 'ROW', s2: 'ROW', s3: 'MIXED' } }]]);
      await S(3).query("SET GLOBAL binlog_format='ROW'");
    });

    it('names the broken hop when a replica stops', async () => {
      await S(3).query('STOP SLAVE');
      const r = await checkReplication(ring, nodes());
      // Hop 1 is s2 -> s3 (hop i goes from members[i] to members[i+1]).
      expect(find(r.diagnostics, 'replication.ring-broken')?.data).toEqual({ hop: 1, source: 's2', replica: 's3', reason: 'not-replicating' });
      expect(find(r.diagnostics, 'replication.not-replicating')?.data).toMatchObject({ node: 's3', thread: 'both' });
      await S(3).query('START SLAVE');
      expect(await waitUntil(async () => (await ioState(3)) === 'Yes')).toBe(true);
    });

    it('finishes the heartbeat as soon as every row has arrived, well before its timeout', async () => {
      const timeoutMs = 30_000;
      const t0 = performance.now();
      const r = await checkReplication(ring, nodes(), { heartbeat: { timeoutMs } });
      const elapsed = performance.now() - t0;
      expect(r.heartbeat?.arrivals.filter((a) => a.ms !== null)).toHaveLength(6);
      expect(elapsed).toBeLessThan(timeoutMs);
    });

    describe('a monitoring user with exactly the grants docs/replication.md lists', () => {
      // The GRANT lines of the documentation, as an operator would paste them.
      let documented: string[] = [];
      const as = (user: string): ReplicationNode[] => nodes().map((n) => ({ ...n, user, password: 'mon-pw' }));
      async function createUser(user: string, grants: readonly string[]): Promise<void> {
        const sql = grants.map((g) => g.replace("'acm_monitor'@'%'", `'${user}'@'%'`)).join(' ');
        for (const s of servers) {
          await s.query(`SET SESSION sql_log_bin=0; DROP USER IF EXISTS '${user}'@'%'; CREATE USER '${user}'@'%' IDENTIFIED BY 'mon-pw'; ${sql} SET SESSION sql_log_bin=1`);
        }
      }
      beforeAll(async () => {
        const doc = await readFile(new URL('../../../../docs/replication.md', import.meta.url), 'utf8');
        documented = doc.split('\n').filter((l) => /^GRANT .+ TO 'acm_monitor'@'%';$/.test(l));
        await createUser('acm_monitor', documented);
      });
      const grant = (code: string, node: string, g: string, on: string): unknown[] => [code, ['replication', 'ring', 'members', ids.indexOf(node as 's1')], { node, grant: g, on }];

      it('checks a healthy ring OK with the heartbeat', async () => {
        expect(documented).toHaveLength(2);
        const r = await checkReplication(ring, as('acm_monitor'), { heartbeat: true });
        expect(r.diagnostics).toEqual([]);
        expect(r.status).toBe('OK');
        expect(r.heartbeat?.arrivals.every((a) => a.ms !== null)).toBe(true);
      });

      it('names a missing DELETE (a heartbeat is a REPLACE) on every writer: UNKNOWN, not an abort', async () => {
        await createUser('acm_nodelete', documented.map((g) => g.replace('DELETE, ', '')));
        const r = await checkReplication(ring, as('acm_nodelete'), { heartbeat: true });
        expect(r.diagnostics.map((d) => [d.code, d.path, d.data])).toEqual(ids.map((n) => grant('replication.missing-grant', n, 'DELETE', 'acm_heartbeat.*')));
        expect(r.status).toBe('UNKNOWN');
      });

      it('names a missing SELECT on every reader instead of calling a healthy ring CRITICAL', async () => {
        await createUser('acm_noselect', documented.map((g) => g.replace('SELECT, ', '')));
        const r = await checkReplication(ring, as('acm_noselect'), { heartbeat: { timeoutMs: 500 } });
        expect(r.diagnostics.map((d) => [d.code, d.path, d.data])).toEqual(ids.map((n) => grant('replication.missing-grant', n, 'SELECT', 'acm_heartbeat.*')));
        expect(r.status).toBe('UNKNOWN');
      });

      it('names a missing CREATE on every writer, even with the schema already there', async () => {
        await createUser('acm_nocreate', documented.map((g) => g.replace(', CREATE ON', ' ON')));
        const r = await checkReplication(ring, as('acm_nocreate'), { heartbeat: true });
        expect(r.diagnostics.map((d) => [d.code, d.path, d.data])).toEqual(ids.map((n) => grant('replication.missing-grant', n, 'CREATE', 'acm_heartbeat.*')));
      });

      it('names SLAVE MONITOR when the user only has REPLICATION CLIENT (not an unreachable node)', async () => {
        await createUser('acm_replclient', documented.map((g) => g.replace('SLAVE MONITOR', 'REPLICATION CLIENT')));
        const r = await checkReplication(ring, as('acm_replclient'));
        expect(r.diagnostics.map((d) => [d.code, d.path, d.data])).toEqual(ids.map((n) => grant('replication.missing-grant', n, 'SLAVE MONITOR', '*.*')));
        expect(r.status).toBe('UNKNOWN');
      });
    });

    it('calls a node behind a wrong password unreachable but alive (its replica still replicates)', async () => {
      const n = nodes().map((x) => (x.id === 's2' ? { ...x, password: 'wrong-secret-pw' } : x));
      const r = await checkReplication(ring, n);
      const d = find(r.diagnostics, 'replication.node-unreachable');
      expect(d).toMatchObject({ severity: 'warning', data: { node: 's2', replicasStillReplicating: ['s3'] } });
      expect(JSON.stringify(r)).not.toContain('wrong-secret-pw');
    });

    it('with log_slave_updates off on s2, names it and the heartbeat proves writes stop after one hop', async () => {
      await S(2).start({ logSlaveUpdates: false });
      expect(await waitUntil(async () => (await ioState(1)) === 'Yes' && (await ioState(3)) === 'Yes')).toBe(true);
      const r = await checkReplication(ring, nodes(), { heartbeat: { timeoutMs: 1500 } });
      expect(find(r.diagnostics, 'replication.log-slave-updates-off')?.data).toEqual({ node: 's2' });
      // Ring s1 -> s2 -> s3 -> s1 with s2 not logging replicated events:
      //   s1's row reaches s2 and stops there: s3 never sees it (the one missing arrival);
      //   s2's row is written on s2 itself (logged), so it goes s3 -> s1;
      //   s3's row goes to s1 (which logs it) and then to s2, where the ring ends anyway.
      const missing = r.heartbeat?.diagnostics.filter((x) => x.code === 'replication.heartbeat-missing').map((x) => `${String(x.data.source)}>${String(x.data.replica)}`);
      expect(missing).toEqual(['s1>s3']);
      await S(2).start({ logSlaveUpdates: true });
    });

    it('names a killed node as down, confirmed by its replica, and the two hops it breaks', async () => {
      expect(await waitUntil(async () => (await ioState(1)) === 'Yes' && (await ioState(3)) === 'Yes')).toBe(true);
      await S(2).kill();
      expect(await waitUntil(async () => (await ioState(3)) !== 'Yes')).toBe(true);
      const r = await checkReplication(ring, nodes());
      expect(find(r.diagnostics, 'replication.node-down')?.data).toMatchObject({ node: 's2', confirmedBy: ['s3'] });
      expect(r.diagnostics.filter((d) => d.code === 'replication.ring-broken').map((d) => d.data)).toEqual([
        { hop: 0, source: 's1', replica: 's2', reason: 'replica-down' },
        { hop: 1, source: 's2', replica: 's3', reason: 'source-down' },
      ]);
      const io = find(r.diagnostics, 'replication.not-replicating');
      expect(io?.data).toMatchObject({ node: 's3', source: 's2', thread: 'io', io: 'Connecting' });
      expect(io?.data.ioErrno).toBeGreaterThan(0);
      await S(2).start();
    });
  });
});
