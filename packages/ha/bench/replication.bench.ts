// Benchmark of issue 7: how long a replication check of a real MariaDB ring takes (target: a
// 3-node ring under 2 s), with and without the heartbeat probe, for rings of 3 and 5 nodes.
// Starts its own mariadbd instances on loopback (Debian mariadb-server); prints a table.
import { checkReplication } from '../src/replication/check-replication.js';
import type { ReplicationNode, TopologySpec } from '../src/replication/replication-node.js';
import { replicate, resetReplication, startMariadbServers, waitUntil } from '../../../test-support/mariadb.js';

const RUNS = Number(process.env.ACM_BENCH_RUNS ?? 20);
const sizes = [3, 5];
const max = Math.max(...sizes);
const t0 = performance.now();
const servers = await startMariadbServers(Array.from({ length: max }, (_, i) => ({ serverId: i + 1, gtidDomainId: i + 1, autoIncrementIncrement: max, autoIncrementOffset: i + 1 })));
if (servers === undefined) {
  console.log('mariadbd not installed: replication benchmark skipped');
  process.exit(0);
}
const startMs = performance.now() - t0;
const stats = (xs: number[]): { min: number; med: number; p95: number; max: number } => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
  return { min: s[0] as number, med: at(0.5), p95: at(0.95), max: s[s.length - 1] as number };
};
const rows: string[][] = [];
let ring3Worst = 0;
let version = '';
try {
  for (const n of sizes) {
    const ring = servers.slice(0, n);
    await resetReplication(servers, ['acm_heartbeat']);
    for (let i = 0; i < n; i++) await replicate(ring[(i + 1) % n]!, ring[i]!);
    const ok = await waitUntil(async () => {
      for (const s of ring) {
        const r = await s.query<{ Slave_IO_Running: string; Slave_SQL_Running: string }>('SHOW ALL SLAVES STATUS');
        if (r[0]?.Slave_IO_Running !== 'Yes' || r[0]?.Slave_SQL_Running !== 'Yes') return false;
      }
      return true;
    });
    if (!ok) throw new Error(`ring of ${n} did not start`);
    const nodes: ReplicationNode[] = ring.map((s, i) => ({ id: `s${i + 1}`, host: s.host, port: s.port, user: s.user }));
    const topology: TopologySpec = { id: `ring${n}`, kind: 'circular', members: nodes.map((x) => x.id) };
    for (const heartbeat of [false, true]) {
      const times: number[] = [];
      let findings = 0;
      let hops = '';
      for (let i = 0; i < (heartbeat ? Math.ceil(RUNS / 2) : RUNS) + 1; i++) {
        const t = performance.now();
        const r = await checkReplication(topology, nodes, { heartbeat });
        const ms = performance.now() - t;
        if (i > 0) times.push(ms); // the first run warms up connections and the heartbeat table
        findings = r.diagnostics.length;
        const first = r.nodes[0];
        if (first?.reachable === true) version = first.variables.version;
        if (heartbeat && r.heartbeat !== undefined) {
          const arr = r.heartbeat.arrivals.map((a) => a.ms ?? Number.NaN);
          hops = `${Math.min(...arr).toFixed(1)}-${Math.max(...arr).toFixed(1)}`;
        }
      }
      const s = stats(times);
      if (n === 3) ring3Worst = Math.max(ring3Worst, s.max);
      rows.push([String(n), heartbeat ? 'yes' : 'no', String(times.length), s.min.toFixed(1), s.med.toFixed(1), s.p95.toFixed(1), s.max.toFixed(1), hops || '-', String(findings)]);
    }
  }
} finally {
  await Promise.all(servers.map((s) => s.destroy()));
}
const head = ['ring', 'heartbeat', 'runs', 'min ms', 'median ms', 'p95 ms', 'max ms', 'heartbeat arrival ms', 'findings'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (r: string[]): string => r.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
console.log(`replication check of real MariaDB ${version} rings (${max} servers started in ${startMs.toFixed(0)} ms)`);
console.log(line(head));
for (const r of rows) console.log(line(r));
console.log(`3-node ring check, worst run: ${ring3Worst.toFixed(1)} ms (target < 2000 ms): ${ring3Worst < 2000 ? 'PASS' : 'FAIL'}`);
if (ring3Worst >= 2000) process.exitCode = 1;
