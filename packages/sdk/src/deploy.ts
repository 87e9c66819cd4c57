import { join, resolve } from 'node:path';
import {
  Deployer, writeFileAtomic,
  type ApplyOptions, type DeploymentPlan, type DeploymentRecord, type DeploymentResult, type Diagnostic, type Enterprise, type RenderedFile, type ServerPlan,
} from '@acm/core';
import { deployerFor, describeDeployTarget, serversWithoutTarget } from '@acm/ha';
import { RenderError, createSecretResolver, manifestOf, planDeployments, renderEnterprise } from '@acm/render';
import { AcmError, firstLine } from './errors.js';
import { unifiedDiff } from './text-diff.js';
import type { ModelInput, ModelRead, Workspace } from './workspace.js';

/** What a commit would change on one server: the deployer's plan without the file contents. */
export type ServerPlanView = Omit<ServerPlan, 'files'>;

/** What a commit would change on a cluster, against its last deployment (plain data, no contents). */
export type PlanView = Pick<DeploymentPlan, 'cluster' | 'basedOn' | 'journalId' | 'hasChanges'> & { readonly servers: readonly ServerPlanView[] };

/** What {@link Workspace.plan} returns. */
export interface PlanReport {
  readonly plans: readonly PlanView[];
  /** The validation errors a `force` passed. */
  readonly forced: readonly Diagnostic[];
  /** Problems rendering the files (only with `force`: without it they refuse); their clusters have no plan. */
  readonly diagnostics: readonly Diagnostic[];
}

/** A step of a deployment on one server, for progress displays. */
export interface DeployProgress {
  readonly cluster: string;
  readonly server: string;
  readonly step: 'stage' | 'switch' | 'reload' | 'restore';
  readonly detail?: string;
  /** Where the server's files go (`ssh root@10.0.1.15:22 /` or a local directory). */
  readonly target: string;
}

/** Options of a plan, commit or rollback. */
export interface DeployOptions {
  /** Only this cluster (default all). */
  readonly cluster?: string;
  /** Pass the validation gate despite errors (administrators only; journaled). */
  readonly force?: boolean;
  /** Called at each step on each server. */
  readonly onProgress?: (event: DeployProgress) => void;
}

/** Options of a commit: also a confirmation asked once the plans are known. */
export interface CommitOptions extends DeployOptions {
  /** Asked with the plans that have changes, before anything is applied; false cancels. Default: go on. */
  readonly confirm?: (plans: readonly PlanView[]) => boolean | Promise<boolean>;
}

/** The outcome of one cluster's deployment (or rollback): the deployer's result, with its cluster; `id` null when it never started (the cluster was locked). */
export type DeploymentOutcome = Omit<DeploymentResult, 'id'> & { readonly cluster: string; readonly id: number | null };

/** What {@link Workspace.commit} did. */
export interface CommitReport {
  /** The plans that had changes. */
  readonly plans: readonly PlanView[];
  readonly deployments: readonly DeploymentOutcome[];
  /** True when every deployment succeeded (and when there was nothing to commit). */
  readonly ok: boolean;
  /** True when `confirm` said no: nothing was applied. */
  readonly cancelled: boolean;
  readonly forced: readonly Diagnostic[];
  /** Problems rendering the files (passed with `force`; their clusters were not deployed). */
  readonly diagnostics: readonly Diagnostic[];
}

/** One file of a deployment against the deployment before it on the same cluster. */
export interface FileDiff {
  readonly server: string;
  readonly path: string;
  readonly change: 'added' | 'changed' | 'removed';
  /** A unified diff (`diff -u`). */
  readonly diff: string;
}

/** What {@link Workspace.deploymentDiff} returns. */
export interface DeploymentDiff {
  readonly deployment: DeploymentRecord;
  /** The successful deployment of the cluster it is compared with, or null for the first. */
  readonly against: number | null;
  readonly files: readonly FileDiff[];
}

/** Options of {@link Workspace.render}. */
export interface RenderToOptions extends ModelInput {
  /** Output directory: `<out>/<cluster>/<server>/etc/asterisk/...`. */
  readonly out: string;
  /** Only these clusters. */
  readonly clusters?: readonly string[];
  /** Template override root (default the settings'). */
  readonly templates?: string;
  readonly force?: boolean;
}

/** What {@link Workspace.render} wrote: files and bytes per cluster (manifests included) and in all. */
export interface RenderReport {
  readonly out: string;
  readonly clusters: readonly { readonly cluster: string; readonly files: number; readonly bytes: number }[];
  readonly total: { readonly files: number; readonly bytes: number };
  /** Extensions left out of the dialplan, with why. */
  readonly skipped: readonly unknown[];
  readonly forced: readonly Diagnostic[];
  /** Problems rendering (passed with `force`: what they touch was not written). */
  readonly diagnostics: readonly Diagnostic[];
}

/** A plan as plain data (no file contents). */
export function planView(p: DeploymentPlan): PlanView {
  return {
    cluster: p.cluster,
    basedOn: p.basedOn,
    journalId: p.journalId,
    hasChanges: p.hasChanges,
    servers: p.servers.map(({ files: _f, ...s }) => s),
  };
}

function outcome(cluster: string, r: DeploymentResult): DeploymentOutcome {
  return { cluster, id: r.id ?? null, ok: r.ok, ...(r.reason === undefined ? {} : { reason: r.reason }), servers: r.servers, reloads: r.reloads };
}

function renderOptions(ws: Workspace, read: ModelRead, templates?: string) {
  const root = templates === undefined ? ws.settings.templates : resolve(ws.settings.cwd, templates);
  return { secrets: createSecretResolver({ env: ws.settings.secretEnv, baseDir: read.secretBase }), ...(root === undefined ? {} : { templateRoot: root }) };
}

function renderFailure(e: unknown): never {
  if (e instanceof RenderError && e.code === 'render.template-root') throw new AcmError('usage', `--templates: ${e.message}`);
  if (e instanceof RenderError) throw new AcmError('failed', `render failed: ${firstLine(e)} (${e.code})`);
  throw e;
}

/** The rendering problems pass only with `force` (the clusters with a problem get no plan even then). */
function renderGate(operation: string, diagnostics: readonly Diagnostic[], force: boolean | undefined): Diagnostic[] {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 && force !== true) throw new AcmError('refused', `${operation}: ${errors.length} problem(s) rendering the files; fix them or force (what cannot be rendered is left out)`, errors);
  return [...diagnostics];
}

async function plansOf(ws: Workspace, read: ModelRead, deployer: Deployer, options: DeployOptions, operation: string): Promise<{ plans: readonly DeploymentPlan[]; diagnostics: Diagnostic[] }> {
  if (options.cluster !== undefined) await ws.requireCluster(options.cluster, read.enterprise);
  let planned;
  try {
    planned = await planDeployments(await ws.store(), deployer, read.enterprise, { ...(options.cluster === undefined ? {} : { clusters: [options.cluster] }), ...renderOptions(ws, read) });
  } catch (e) {
    return renderFailure(e);
  }
  return { plans: planned.plans, diagnostics: renderGate(operation, planned.diagnostics, options.force) };
}

/** A deployer that only plans and reads history (no transport). */
function historyDeployer(ws: Workspace, store: Awaited<ReturnType<Workspace['store']>>): Deployer {
  return new Deployer(store, { transport: () => { throw new AcmError('failed', `${ws.storeName}: this deployer only reads`); } });
}

function checkTargets(ws: Workspace, enterprise: Enterprise, clusters: readonly string[]): void {
  const missing = serversWithoutTarget(enterprise, ws.settings.target, clusters);
  if (missing.length > 0) throw new AcmError('usage', `no deployment target for ${missing.join(', ')}: give each server an ssh endpoint (host, port, user, hostKey, privateKey) or deploy to local directories with --target-dir <dir>`);
}

function progress(ws: Workspace, enterprise: Enterprise, cluster: string, onProgress: DeployOptions['onProgress']): ApplyOptions['onProgress'] {
  if (onProgress === undefined) return undefined;
  return (ev) => onProgress({ cluster, server: ev.server, step: ev.step, ...(ev.detail === undefined ? {} : { detail: ev.detail }), target: describeDeployTarget(enterprise, ws.settings.target, cluster, ev.server) });
}

/** @internal {@link Workspace.plan}. */
export async function plan(ws: Workspace, options: DeployOptions): Promise<PlanReport> {
  await ws.require('read', options.cluster === undefined ? {} : { cluster: options.cluster }, 'plan');
  const read = await ws.model();
  const forced = await ws.gate('plan', read, options.force, options.cluster ?? null);
  const { plans, diagnostics } = await plansOf(ws, read, historyDeployer(ws, await ws.store()), options, 'plan');
  return { plans: plans.map(planView), forced, diagnostics };
}

/** @internal {@link Workspace.commit}. */
export async function commit(ws: Workspace, options: CommitOptions): Promise<CommitReport> {
  await ws.require('deploy', options.cluster === undefined ? {} : { cluster: options.cluster }, 'commit');
  const read = await ws.model();
  const forced = await ws.gate('commit', read, options.force, options.cluster ?? null);
  const store = await ws.store();
  const deployer = deployerFor(store, read.enterprise, ws.settings.target);
  const planned = await plansOf(ws, read, deployer, options, 'commit');
  const diagnostics = planned.diagnostics;
  const plans = planned.plans.filter((p) => p.hasChanges);
  const views = plans.map(planView);
  if (plans.length === 0) return { plans: [], deployments: [], ok: true, cancelled: false, forced, diagnostics };
  checkTargets(ws, read.enterprise, plans.map((p) => p.cluster));
  if (options.confirm !== undefined && !(await options.confirm(views))) return { plans: views, deployments: [], ok: true, cancelled: true, forced, diagnostics };
  const actor = await ws.actor();
  const deployments: DeploymentOutcome[] = [];
  for (const p of plans) {
    const onProgress = progress(ws, read.enterprise, p.cluster, options.onProgress);
    deployments.push(outcome(p.cluster, await deployer.apply(p, { actor, ...(onProgress === undefined ? {} : { onProgress }) })));
  }
  return { plans: views, deployments, ok: deployments.every((d) => d.ok), cancelled: false, forced, diagnostics };
}

/** @internal {@link Workspace.rollback}. */
export async function rollback(ws: Workspace, id: number, options: Omit<DeployOptions, 'cluster' | 'force'> = {}): Promise<DeploymentOutcome> {
  if (!Number.isInteger(id) || id < 1) throw new AcmError('usage', `rollback: ${JSON.stringify(String(id))} is not a deployment id`);
  const store = await ws.store();
  const read = await ws.model();
  const deployer = deployerFor(store, read.enterprise, ws.settings.target);
  const target = await deployer.get(id);
  if (target === undefined) throw new AcmError('not-found', `no deployment #${id}`);
  await ws.require('deploy', { cluster: target.cluster }, 'rollback');
  checkTargets(ws, read.enterprise, [target.cluster]);
  const onProgress = progress(ws, read.enterprise, target.cluster, options.onProgress);
  return outcome(target.cluster, await deployer.rollback(id, { actor: await ws.actor(), ...(onProgress === undefined ? {} : { onProgress }) }));
}

/** @internal {@link Workspace.deployments}. */
export async function deployments(ws: Workspace, filter: { readonly cluster?: string; readonly limit?: number }): Promise<DeploymentRecord[]> {
  await ws.require('read', filter.cluster === undefined ? {} : { cluster: filter.cluster }, 'deployments');
  const limit = filter.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1) throw new AcmError('usage', '--limit: expected a positive whole number');
  return historyDeployer(ws, await ws.store()).history({ ...(filter.cluster === undefined ? {} : { cluster: filter.cluster }), limit });
}

/** @internal {@link Workspace.breakLock}. */
export async function breakLock(ws: Workspace, cluster: string): Promise<boolean> {
  await ws.require('deploy', { cluster }, 'break-lock');
  return historyDeployer(ws, await ws.store()).breakLock(cluster);
}

/** @internal {@link Workspace.deploymentDiff}. */
export async function deploymentDiff(ws: Workspace, id: number): Promise<DeploymentDiff> {
  const deployer = historyDeployer(ws, await ws.store());
  const record = await deployer.get(id);
  if (record === undefined) throw new AcmError('not-found', `no deployment #${id}`);
  // The file contents are the servers' configuration: administrators only (they may hold secrets).
  await ws.require('deploy', { cluster: record.cluster }, `deployment #${id}`);
  const earlier = (await deployer.history({ cluster: record.cluster, limit: 1_000_000 })).filter((d) => d.id < id && d.status === 'succeeded').sort((a, b) => b.id - a.id)[0];
  const now = await deployer.deployedFiles(id);
  const before: Map<string, RenderedFile[]> = earlier === undefined ? new Map() : await deployer.deployedFiles(earlier.id);
  const files: FileDiff[] = [];
  for (const server of [...new Set([...now.keys(), ...before.keys()])].sort()) {
    const a = new Map((before.get(server) ?? []).map((f) => [f.path, f.content]));
    const b = new Map((now.get(server) ?? []).map((f) => [f.path, f.content]));
    for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      const x = a.get(path);
      const y = b.get(path);
      if (x === y) continue;
      files.push({ server, path, change: x === undefined ? 'added' : y === undefined ? 'removed' : 'changed', diff: unifiedDiff(path, x, y) });
    }
  }
  return { deployment: record, against: earlier?.id ?? null, files };
}

/** @internal {@link Workspace.render}. */
export async function renderTo(ws: Workspace, options: RenderToOptions): Promise<RenderReport> {
  const read = await ws.model(options.path === undefined ? {} : { path: options.path });
  for (const id of options.clusters ?? []) await ws.requireCluster(id, read.enterprise);
  const forced = await ws.gate('render', read, options.force);
  let result;
  try {
    result = renderEnterprise(read.enterprise, { ...renderOptions(ws, read, options.templates), ...(options.clusters === undefined ? {} : { clusters: options.clusters }) });
  } catch (e) {
    return renderFailure(e);
  }
  const diagnostics = renderGate('render', result.diagnostics, options.force);
  const out = resolve(ws.settings.cwd, options.out);
  const per = new Map<string, { files: number; bytes: number }>();
  const write = async (cluster: string, path: string, content: string): Promise<void> => {
    try {
      await writeFileAtomic(path, content);
    } catch (e) {
      throw new AcmError('failed', `render: ${firstLine(e)}`);
    }
    const c = per.get(cluster) ?? { files: 0, bytes: 0 };
    per.set(cluster, { files: c.files + 1, bytes: c.bytes + Buffer.byteLength(content) });
  };
  for (const s of result.servers) {
    const root = join(out, s.cluster, s.server);
    for (const f of s.files) await write(s.cluster, join(root, f.path), f.content);
    await write(s.cluster, join(root, 'manifest.json'), `${JSON.stringify(manifestOf(s), null, 2)}\n`);
  }
  for (const f of result.files) await write(f.path.split('/')[0] ?? '', join(out, f.path), f.content);
  const clusters = [...per].map(([cluster, c]) => ({ cluster, ...c }));
  const total = clusters.reduce((t, r) => ({ files: t.files + r.files, bytes: t.bytes + r.bytes }), { files: 0, bytes: 0 });
  return { out, clusters, total, skipped: result.skipped, forced, diagnostics };
}
