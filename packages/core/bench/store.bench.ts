/**
 * Store benchmark: import 10k extensions from CSV into SQLite and into MariaDB (ACM_BENCH_MYSQL_URL
 * naming an empty database, else a mariadbd this bench starts itself through the ha test harness,
 * else skipped with a note), and plan a 100k-extension enterprise after one change.
 * Run: npx tsx packages/core/bench/store.bench.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { extensionsToCsv, importExtensionsCsv } from '../src/csv/index.js';
import { Deployer, LocalDirectoryTarget, sha256Hex, type RenderedFile } from '../src/deploy/index.js';
import type { Enterprise } from '../src/model/enterprise.js';
import '../src/number-space/index.js'; // validate() with the number-space rules, as through '@acm/core'
import { Store, applyChanges, introducedErrors } from '../src/store/index.js';
import { SYNTHETIC_SIZES, generateEnterprise } from '../src/synthetic/generate-enterprise.js';
// Benches are not package code: the real-server harness of @acm/ha is borrowed by relative path.
import { MariadbServer } from '../../../test-support/mariadb.js';

const rows: [string, string, string][] = [];
const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
};

async function csvImport(label: string, url: string): Promise<void> {
  const enterprise = generateEnterprise(SYNTHETIC_SIZES.M);
  const csv = extensionsToCsv(enterprise.extensions, { includeSecrets: true });
  const store = await Store.open(url);
  try {
    // The model without its extensions (queues and campaigns name agents that the CSV brings): forced past the gate.
    const base = await store.importEnterprise({ ...enterprise, extensions: [] }, { force: true });
    if (!base.ok) throw new Error(`import failed: ${base.diagnostics.slice(0, 3).map((d) => d.code).join(', ')}`);
    const [result, ms] = await time(() => importExtensionsCsv(store, csv, { actor: 'bench' }));
    if (!result.ok) throw new Error(`CSV import failed: ${result.diagnostics.slice(0, 3).map((d) => d.code).join(', ')}`);
    rows.push([`CSV import, ${result.added.toLocaleString('en')} extensions`, label, `${ms.toFixed(0)} ms`]);
  } finally {
    await store.close();
  }
}

/** The MariaDB row on a mariadbd of our own (127.0.0.1, temp datadir, binary log on as in production); a note when none. */
async function csvImportOwnMariadb(): Promise<void> {
  let server: MariadbServer | undefined;
  try {
    server = await MariadbServer.create({ serverId: 1 });
  } catch (e) {
    console.log(`note: MariaDB row skipped: ${(e as Error).message.split('\n')[0] ?? ''}`);
    return;
  }
  if (server === undefined) {
    console.log('note: MariaDB row skipped: mariadbd is not installed (or set ACM_BENCH_MYSQL_URL to an empty database)');
    return;
  }
  try {
    await server.query('CREATE DATABASE acm_bench');
    await csvImport('mariadb (own mariadbd)', `mysql://${server.user}@${server.host}:${server.port}/acm_bench`);
  } finally {
    await server.destroy();
  }
}

/** A stand-in for @acm/render (core may not import it): per server, one file per group with its extensions. */
function render(enterprise: Enterprise, cluster: string): Map<string, RenderedFile[]> {
  const byGroup = new Map<string, string[]>();
  for (const e of enterprise.extensions) {
    if (e.cluster !== cluster) continue;
    let l = byGroup.get(e.group);
    if (l === undefined) byGroup.set(e.group, (l = []));
    l.push(`[${e.number}](endpoint)\ncallerid="${e.name}" <${e.number}>\n`);
  }
  const files = [...byGroup].map(([g, lines]) => {
    const content = lines.join('');
    return { path: `etc/asterisk/pjsip.d/${g}.conf`, content, sha256: sha256Hex(content), reload: 'module reload res_pjsip.so' };
  });
  const c = enterprise.clusters.find((x) => x.id === cluster);
  return new Map((c?.servers ?? []).map((s) => [s.id, files]));
}

async function planAfterOneChange(dir: string): Promise<void> {
  const enterprise = generateEnterprise(SYNTHETIC_SIZES.L);
  const store = await Store.open(`sqlite:${join(dir, 'plan.db')}`);
  try {
    const [imported, importMs] = await time(() => store.importEnterprise(enterprise));
    if (!imported.ok) throw new Error(`import refused: ${imported.diagnostics.slice(0, 3).map((d) => d.code).join(', ')}`);
    rows.push([`import enterprise, ${enterprise.extensions.length.toLocaleString('en')} extensions`, 'sqlite', `${importMs.toFixed(0)} ms`]);
    const ext = enterprise.extensions[0];
    if (ext === undefined) throw new Error('no extension');
    const cluster = ext.cluster;
    const deployer = new Deployer(store, { transport: (_c, server) => ({ files: new LocalDirectoryTarget(join(dir, 'servers', server)) }) });
    // Deploy the current files once to local directories: the plan's baseline.
    const base = await deployer.apply(await deployer.plan(cluster, render(enterprise, cluster)), { actor: 'bench' });
    if (!base.ok) throw new Error(`baseline deployment failed: ${base.reason ?? ''}`);
    const key = `${ext.cluster}/${ext.number}`;
    // The import validated the model and kept it: even the first edit re-checks only what it
    // touches (a new process pays one full validation on its first edit). An edit naming an unknown group must be refused.
    const [edit, editMs] = await time(() => store.extensions.update(key, { name: 'Benchmark Renamed' }));
    if (!edit.ok) throw new Error(`edit refused: ${edit.diagnostics[0]?.code}`);
    rows.push(['validated edit of one extension, first after the import (its validation kept)', 'sqlite', `${editMs.toFixed(0)} ms`]);
    const editTimes: number[] = [];
    const refusedTimes: number[] = [];
    for (let k = 1; k <= 20; k++) {
      const x = enterprise.extensions[k * 4999]!;
      const [ok, okMs] = await time(() => store.extensions.update(`${x.cluster}/${x.number}`, { name: `Renamed ${k}` }));
      if (!ok.ok) throw new Error(`edit refused: ${ok.diagnostics[0]?.code}`);
      editTimes.push(okMs);
      const [no, noMs] = await time(() => store.extensions.update(`${x.cluster}/${x.number}`, { group: 'no-such-group' }));
      if (no.ok || no.diagnostics[0]?.code !== 'ref.unknown') throw new Error('an edit naming an unknown group was not refused');
      refusedTimes.push(noMs);
    }
    // What every edit cost before the store kept its validator: export, then validate before and after.
    const [, oldMs] = await time(async () => {
      const before = (await store.exportEnterprise())!;
      const x = enterprise.extensions[7]!;
      introducedErrors(before, applyChanges(before, [{ action: 'update', collection: 'extensions', key: `${x.cluster}/${x.number}`, patch: { name: 'Old path' } }]).after);
    });
    rows.push(['(old edit path: export + validate before and after)', 'sqlite', `${oldMs.toFixed(0)} ms`]);
    const median = (l: number[]): number => [...l].sort((a, b) => a - b)[Math.floor(l.length / 2)]!;
    rows.push(['validated edit of one extension, next ones (median of 20)', 'sqlite', `${median(editTimes).toFixed(0)} ms`]);
    rows.push(['refused edit (unknown group: validated, undone), median of 20', 'sqlite', `${median(refusedTimes).toFixed(0)} ms`]);
    const [after, exportMs] = await time(() => store.exportEnterprise());
    const [files, renderMs] = await time(() => Promise.resolve(render(after as Enterprise, cluster)));
    const [plan, planMs] = await time(() => deployer.plan(cluster, files));
    const changed = plan.servers.reduce((n, s) => n + s.changed.length, 0);
    rows.push([`export from store (100k)`, 'sqlite', `${exportMs.toFixed(0)} ms`]);
    rows.push([`stand-in render of one cluster`, '-', `${renderMs.toFixed(0)} ms`]);
    rows.push([`plan after one change (${changed} changed file(s))`, 'sqlite', `${planMs.toFixed(0)} ms`]);
  } finally {
    await store.close();
  }
}

const dir = await mkdtemp(join(tmpdir(), 'acm-bench-'));
try {
  await csvImport('sqlite', `sqlite:${join(dir, 'csv.db')}`);
  if (process.env.ACM_BENCH_MYSQL_URL !== undefined) await csvImport('mariadb', process.env.ACM_BENCH_MYSQL_URL);
  else await csvImportOwnMariadb();
  await planAfterOneChange(dir);
} finally {
  await rm(dir, { recursive: true, force: true });
}
const w = [0, 1, 2].map((i) => Math.max(...[['operation', 'store', 'time'], ...rows].map((r) => (r[i] as string).length)));
for (const r of [['operation', 'store', 'time'], ...rows]) console.log(r.map((c, i) => (i === 2 ? c.padStart(w[i] as number) : c.padEnd(w[i] as number))).join('  '));
