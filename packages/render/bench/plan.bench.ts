// Plan benchmark with the real renderer: a 100k-extension enterprise (synthetic size L) imported into a
// SQLite store, deployed once to local directories, then one extension renamed through the store;
// times planDeployments for that extension's cluster and for every cluster (target: one cluster under 200 ms).
// Run: npx tsx packages/render/bench/plan.bench.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Deployer, LocalDirectoryTarget, SYNTHETIC_SIZES, Store, generateEnterprise, type DeploymentPlan, type Enterprise } from '@acm/core';
import { createSecretResolver, planDeployments, renderEnterprise } from '@acm/render';

const rows: string[][] = [];
const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
};
const median = (l: readonly number[]): number => [...l].sort((a, b) => a - b)[Math.floor(l.length / 2)] ?? NaN;
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

const dir = await mkdtemp(join(tmpdir(), 'acm-plan-bench-'));
const store = await Store.open(`sqlite:${join(dir, 'acm.db')}`);
/** Bytes of file content the store keeps for all deployments. */
const storedBytes = async (): Promise<number> => Number((await store.db.selectFrom('acm_deployment_blob').select((eb) => eb.fn.sum<number>(eb.fn('length', ['content'])).as('n')).executeTakeFirstOrThrow()).n ?? 0);
/** Bytes of the files of plans, every server's copy counted. */
const renderedBytes = (plans: readonly DeploymentPlan[]): number => plans.reduce((n, p) => n + p.servers.reduce((m, s) => m + s.files.reduce((k, f) => k + Buffer.byteLength(f.content), 0), 0), 0);
try {
  const secrets = createSecretResolver({ env: {} });
  const deployer = new Deployer(store, { transport: (_cluster, server) => ({ files: new LocalDirectoryTarget(join(dir, 'servers', server)) }) });
  // Setup in its own scope, so the generated model and the first plans (every file's content) are
  // garbage by the time plans are timed, as in a CLI process that only loads the store's model.
  const ext = await (async () => {
    const generated = generateEnterprise(SYNTHETIC_SIZES.L);
    const [imported, importMs] = await time(() => store.importEnterprise(generated));
    if (!imported.ok) throw new Error(`import refused: ${imported.diagnostics.slice(0, 3).map((d) => d.code).join(', ')}`);
    rows.push([`import enterprise (${generated.extensions.length.toLocaleString('en')} extensions, ${generated.clusters.length} clusters)`, '-', `${importMs.toFixed(0)} ms`]);
    // The first deployment of every cluster: the baseline the plans diff against.
    const initial = (await store.exportEnterprise()) as Enterprise;
    const [firstPlanned, firstMs] = await time(() => planDeployments(store, deployer, initial, { secrets }));
    if (firstPlanned.diagnostics.length > 0) throw new Error(`render problems: ${firstPlanned.diagnostics[0]!.code}`);
    const first = firstPlanned.plans;
    const files = first.reduce((n, p) => n + p.servers.reduce((m, s) => m + s.added.length, 0), 0);
    rows.push([`first plan, every cluster (${files.toLocaleString('en')} files)`, 'all', `${firstMs.toFixed(0)} ms`]);
    const [, applyMs] = await time(async () => {
      for (const p of first) {
        const r = await deployer.apply(p, { actor: 'bench' });
        if (!r.ok) throw new Error(`deployment of ${p.cluster} failed: ${r.reason ?? ''}`);
      }
    });
    rows.push(['first deployment to local directories, every cluster', 'all', `${applyMs.toFixed(0)} ms`]);
    rows.push([`  file contents the store keeps for it (${files} files rendered, ${mb(files === 0 ? 0 : renderedBytes(first))})`, 'all', mb(await storedBytes())]);
    const picked = generated.extensions[12_345];
    if (picked === undefined) throw new Error('no extension');
    return { cluster: picked.cluster, number: picked.number };
  })();

  // One change through the store.
  const edit = await store.extensions.update(`${ext.cluster}/${ext.number}`, { name: 'Benchmark Renamed' });
  if (!edit.ok) throw new Error(`edit refused: ${edit.diagnostics[0]?.code ?? ''}`);
  const [exported, exportMs] = await time(() => store.exportEnterprise());
  const enterprise = exported as Enterprise;
  rows.push(['export the model from the store (after the change)', '-', `${exportMs.toFixed(0)} ms`]);

  // Plan the changed cluster several times (warm), then every cluster.
  const one: number[] = [];
  let changed: string[] = [];
  for (let i = 0; i < 7; i++) {
    const [plans, ms] = await time(() => planDeployments(store, deployer, enterprise, { secrets, clusters: [ext.cluster] }));
    one.push(ms);
    changed = plans.plans.flatMap((p) => p.servers.flatMap((s) => s.changed.map((f) => `${s.server}:${f}`)));
  }
  if (changed.length === 0) throw new Error('the plan after one change found nothing to deploy');
  rows.push([`plan after one change, its cluster (${changed.length} changed file(s)), first`, ext.cluster, `${(one[0] ?? NaN).toFixed(0)} ms`]);
  rows.push([`plan after one change, its cluster, median of ${one.length}`, ext.cluster, `${median(one).toFixed(0)} ms`]);
  const renderOne: number[] = [];
  for (let i = 0; i < 7; i++) renderOne.push((await time(() => Promise.resolve(renderEnterprise(enterprise, { secrets, clusters: [ext.cluster] }))))[1]);
  rows.push([`(renderEnterprise of that cluster, with provisioning, number plan, zones), median of ${renderOne.length}`, ext.cluster, `${median(renderOne).toFixed(0)} ms`]);
  const all: number[] = [];
  let touched = 0;
  for (let i = 0; i < 3; i++) {
    const [plans, ms] = await time(() => planDeployments(store, deployer, enterprise, { secrets }));
    all.push(ms);
    touched = plans.plans.filter((p) => p.hasChanges).length;
  }
  rows.push([`plan after one change, every cluster (${touched} with changes), median of ${all.length}`, 'all', `${median(all).toFixed(0)} ms`]);
  // Commit that change: the store keeps only the contents no earlier deployment had.
  const before = await storedBytes();
  const [commit] = (await planDeployments(store, deployer, enterprise, { secrets, clusters: [ext.cluster] })).plans;
  if (commit === undefined || !(await deployer.apply(commit, { actor: 'bench' })).ok) throw new Error('the commit of the change failed');
  rows.push([`  file contents the store adds for the commit of that change (${mb(renderedBytes([commit]))} rendered)`, ext.cluster, mb((await storedBytes()) - before)]);
  console.log(`changed files: ${changed.join(', ')}`);
} finally {
  await store.close();
  await rm(dir, { recursive: true, force: true });
}
const head = ['operation', 'cluster', 'time'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
for (const r of [head, ...rows]) console.log(r.map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  '));
