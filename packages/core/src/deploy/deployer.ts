import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { Selectable } from 'kysely';
import { journalHead } from '../journal/journal.js';
import { defaultActor, type Store } from '../store/store.js';
import type { DeploymentTable, StoreDb } from '../store/store-schema.js';
import type { RenderedFile, ServerTransport } from './file-target.js';

/** What a deployment does on one server. */
export interface ServerPlan {
  readonly server: string;
  /** Paths new on the server. */
  readonly added: readonly string[];
  /** Paths whose content changes. */
  readonly changed: readonly string[];
  /** Paths the last deployment wrote that are no longer rendered. */
  readonly removed: readonly string[];
  /** How many files stay as they are. */
  readonly unchanged: number;
  /** The reloads to run afterwards (those of the added, changed and removed files), sorted. */
  readonly reloads: readonly string[];
  /** The complete set of files the server has after the deployment. */
  readonly files: readonly RenderedFile[];
}

/** The difference between rendered files and a cluster's last successful deployment, per server. */
export interface DeploymentPlan {
  readonly cluster: string;
  /** The deployment the plan compares with (the last successful one), or null for the first. */
  readonly basedOn: number | null;
  /** The last journal entry the rendered files reflect. */
  readonly journalId: number;
  /** For a rollback: the deployment being re-applied. */
  readonly rollbackOf?: number;
  readonly servers: readonly ServerPlan[];
  /** True when some server has something to add, change or remove. */
  readonly hasChanges: boolean;
  /** Files removed from the plan's servers, with their old content (for backups of what they were). */
  readonly removedFiles: ReadonlyMap<string, ReadonlyMap<string, { readonly reload: string | null }>>;
}

/** What the failure left on a server. */
export type ServerOutcome = 'untouched' | 'switched' | 'restored' | 'restore-failed';

/** The outcome of an apply or rollback. */
export interface DeploymentResult {
  /** The deployment's id; undefined when it never started (the cluster was locked). */
  readonly id: number | undefined;
  readonly ok: boolean;
  /** One line: why it failed (server, step, error). */
  readonly reason?: string;
  /** What each server holds now: `switched` (new files) on success; `untouched` or `restored` (old files) on failure. */
  readonly servers: Readonly<Record<string, ServerOutcome>>;
  /** The reloads run, per server. */
  readonly reloads: Readonly<Record<string, readonly string[]>>;
}

/** One deployment in the history. */
export interface DeploymentRecord {
  readonly id: number;
  readonly cluster: string;
  readonly actor: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly status: 'running' | 'succeeded' | 'failed';
  readonly reason: string | null;
  readonly rollbackOf: number | null;
  readonly journalId: number;
  /** Per server: counts of added, changed, removed files and the reloads. */
  readonly servers: readonly { readonly server: string; readonly added: number; readonly changed: number; readonly removed: number; readonly reloads: readonly string[] }[];
  /** What a failure left on each server. */
  readonly outcome?: Readonly<Record<string, ServerOutcome>>;
}

/** Options of a {@link Deployer}. */
export interface DeployerOptions {
  /** How to reach a server of a cluster. */
  readonly transport: (cluster: string, server: string) => ServerTransport | Promise<ServerTransport>;
  /** The argv that runs a reload on a server; default `['asterisk', '-rx', reload]`. */
  readonly reloadArgv?: (reload: string) => readonly string[];
  /** Time allowed for one reload command in ms; default 30 000 (a reload that overruns fails the step). */
  readonly reloadTimeoutMs?: number;
  /** Directory (relative to each server's root) for staging and backups; default `.acm`. */
  readonly stateDir?: string;
  /** How long {@link Deployer.apply} waits for another deployment of the cluster to finish; default 0 (fail at once). */
  readonly lockWaitMs?: number;
}

/** Options of one apply or rollback. */
export interface ApplyOptions {
  readonly actor?: string;
  /** Called at each step, per server (for progress on a TTY). */
  readonly onProgress?: (event: { readonly server: string; readonly step: 'stage' | 'switch' | 'reload' | 'restore'; readonly detail?: string }) => void;
}

/** Hex SHA-256 of a text (UTF-8): the hash a {@link RenderedFile} carries. */
export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

function checkPath(path: string): void {
  if (path === '' || path.startsWith('/') || path.includes('\\') || path.split('/').some((s) => s === '..' || s === '.' || s === '')) {
    throw new Error(`rendered file path ${JSON.stringify(path)} is not a plain relative path`);
  }
}


const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Plans and applies deployments of rendered files to the servers of a cluster, with staging,
 * backups, an all-or-nothing switch across the cluster, only the needed reloads, a per-cluster
 * lock, history and rollback. Deployments are recorded in the store.
 *
 * @example
 * ```ts
 * const deployer = new Deployer(store, { transport: (_c, server) => ({ files: new LocalDirectoryTarget(`/srv/${server}`) }) });
 * const plan = await deployer.plan('tpa1', { ast15: files15, ast16: files16 });
 * const result = await deployer.apply(plan, { actor: 'alice' });
 * ```
 */
export class Deployer {
  private readonly stateDir: string;

  constructor(
    private readonly store: Store,
    private readonly options: DeployerOptions,
  ) {
    this.stateDir = options.stateDir ?? '.acm';
  }

  /** The files of a deployment, per server (removed files excluded): what it left on the servers. */
  async deployedFiles(deploymentId: number): Promise<Map<string, RenderedFile[]>> {
    const rows = await this.store.db
      .selectFrom('acm_deployment_file as f')
      .innerJoin('acm_deployment_blob as b', 'b.sha256', 'f.sha256')
      .select(['f.server', 'f.path', 'f.sha256', 'f.reload', 'b.content'])
      .where('f.deployment_id', '=', deploymentId)
      .where('f.change', '!=', 'remove')
      .orderBy('f.server')
      .orderBy('f.path')
      .execute();
    const out = new Map<string, RenderedFile[]>();
    for (const r of rows) {
      let list = out.get(r.server);
      if (list === undefined) out.set(r.server, (list = []));
      list.push({ path: r.path, content: r.content, sha256: r.sha256, ...(r.reload === null ? {} : { reload: r.reload }) });
    }
    return out;
  }

  /** The last successful deployment of a cluster, if any. */
  async lastDeployment(cluster: string): Promise<number | null> {
    const row = await this.store.db.selectFrom('acm_deployment').select('id').where('cluster', '=', cluster).where('status', '=', 'succeeded').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row === undefined ? null : Number(row.id);
  }

  /**
   * Diffs rendered files (per server) against the cluster's last successful deployment. Pass
   * `journalId` when the files were rendered from an earlier state than the journal's head.
   */
  async plan(cluster: string, rendered: ReadonlyMap<string, readonly RenderedFile[]> | Readonly<Record<string, readonly RenderedFile[]>>, options: { readonly journalId?: number; readonly rollbackOf?: number } = {}): Promise<DeploymentPlan> {
    const entries = rendered instanceof Map ? [...rendered] : Object.entries(rendered as Record<string, readonly RenderedFile[]>);
    const basedOn = await this.lastDeployment(cluster);
    const old = new Map<string, Map<string, { sha256: string; reload: string | null }>>();
    if (basedOn !== null) {
      const rows = await this.store.db.selectFrom('acm_deployment_file').select(['server', 'path', 'sha256', 'reload']).where('deployment_id', '=', basedOn).where('change', '!=', 'remove').execute();
      for (const r of rows) {
        let m = old.get(r.server);
        if (m === undefined) old.set(r.server, (m = new Map()));
        m.set(r.path, { sha256: r.sha256, reload: r.reload });
      }
    }
    const servers: ServerPlan[] = [];
    const removedFiles = new Map<string, Map<string, { reload: string | null }>>();
    for (const [server, files] of entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const before = old.get(server) ?? new Map<string, { sha256: string; reload: string | null }>();
      const added: string[] = [];
      const changed: string[] = [];
      const reloads = new Set<string>();
      const seen = new Set<string>();
      let unchanged = 0;
      for (const f of files) {
        checkPath(f.path);
        if (seen.has(f.path)) throw new Error(`rendered file ${f.path} appears twice for server ${server}`);
        seen.add(f.path);
        const prev = before.get(f.path);
        if (prev === undefined) added.push(f.path);
        else if (prev.sha256 !== f.sha256) changed.push(f.path);
        else {
          unchanged++;
          continue;
        }
        if (f.reload !== undefined && f.reload !== '') reloads.add(f.reload);
      }
      const removed: string[] = [];
      const gone = new Map<string, { reload: string | null }>();
      for (const [path, prev] of before) {
        if (seen.has(path)) continue;
        removed.push(path);
        gone.set(path, { reload: prev.reload });
        if (prev.reload !== null && prev.reload !== '') reloads.add(prev.reload);
      }
      removedFiles.set(server, gone);
      servers.push({ server, added: added.sort(), changed: changed.sort(), removed: removed.sort(), unchanged, reloads: [...reloads].sort(), files: [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) });
    }
    const journalId = options.journalId ?? (await journalHead(this.store.db));
    return {
      cluster,
      basedOn,
      journalId,
      ...(options.rollbackOf === undefined ? {} : { rollbackOf: options.rollbackOf }),
      servers,
      hasChanges: servers.some((s) => s.added.length + s.changed.length + s.removed.length > 0),
      removedFiles,
    };
  }

  private async lock(cluster: string, actor: string): Promise<string | undefined> {
    const name = `deploy:${cluster}`;
    const deadline = Date.now() + (this.options.lockWaitMs ?? 0);
    for (;;) {
      try {
        await this.store.db.insertInto('acm_lock').values({ name, holder: `${actor}@${hostname()}:${process.pid}`, acquired_at: new Date().toISOString() }).execute();
        return undefined;
      } catch (e) {
        const holder = await this.store.db.selectFrom('acm_lock').selectAll().where('name', '=', name).executeTakeFirst();
        if (holder === undefined) throw e;
        if (Date.now() >= deadline) return `another deployment of ${cluster} is running (${holder.holder} since ${holder.acquired_at})`;
        await sleep(100);
      }
    }
  }

  private async unlock(cluster: string): Promise<void> {
    await this.store.db.deleteFrom('acm_lock').where('name', '=', `deploy:${cluster}`).execute();
  }

  /** Removes a cluster's deployment lock left behind by a process that died. */
  async breakLock(cluster: string): Promise<boolean> {
    const r = await this.store.db.deleteFrom('acm_lock').where('name', '=', `deploy:${cluster}`).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /**
   * Applies a plan: stages every changed file on every server and backs up what it replaces, then
   * switches the servers one after the other and runs the needed reloads. If any step fails, every
   * server already switched is restored from its backup (and reloaded again), and the deployment is
   * recorded as failed with the reason. Only one deployment of a cluster runs at a time.
   */
  async apply(plan: DeploymentPlan, options: ApplyOptions = {}): Promise<DeploymentResult> {
    const bad = hashProblem(plan);
    if (bad !== undefined) return { id: undefined, ok: false, reason: bad, servers: {}, reloads: {} };
    const actor = options.actor ?? defaultActor();
    const locked = await this.lock(plan.cluster, actor);
    if (locked !== undefined) return { id: undefined, ok: false, reason: locked, servers: {}, reloads: {} };
    try {
      // A plan is a diff against one deployment: applied after another one it would record files the
      // servers do not hold. Plan again instead.
      const last = await this.lastDeployment(plan.cluster);
      if (last !== plan.basedOn) {
        return { id: undefined, ok: false, reason: `the plan of ${plan.cluster} was made against ${plan.basedOn === null ? 'no deployment' : `deployment #${plan.basedOn}`}, but #${String(last)} was deployed since: plan again`, servers: {}, reloads: {} };
      }
      return await this.applyLocked(plan, actor, options);
    } finally {
      await this.unlock(plan.cluster);
    }
  }

  private async applyLocked(plan: DeploymentPlan, actor: string, options: ApplyOptions): Promise<DeploymentResult> {
    const db = this.store.db;
    const summary = plan.servers.map((s) => ({ server: s.server, added: s.added.length, changed: s.changed.length, removed: s.removed.length, reloads: s.reloads }));
    const id = await db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('acm_deployment')
        .values({ cluster: plan.cluster, actor, started_at: new Date().toISOString(), finished_at: null, status: 'running', reason: null, journal_id: plan.journalId, rollback_of: plan.rollbackOf ?? null, summary: JSON.stringify({ servers: summary }) })
        .executeTakeFirst();
      const depId = Number(r.insertId);
      const rows: { deployment_id: number; server: string; path: string; sha256: string; change: string; reload: string | null }[] = [];
      for (const s of plan.servers) {
        const added = new Set(s.added);
        const changed = new Set(s.changed);
        for (const f of s.files) rows.push({ deployment_id: depId, server: s.server, path: f.path, sha256: f.sha256, change: added.has(f.path) ? 'add' : changed.has(f.path) ? 'change' : 'keep', reload: f.reload === undefined || f.reload === '' ? null : f.reload });
        for (const [path, info] of plan.removedFiles.get(s.server) ?? []) rows.push({ deployment_id: depId, server: s.server, path, sha256: '', change: 'remove', reload: info.reload });
      }
      for (let i = 0; i < rows.length; i += 200) await trx.insertInto('acm_deployment_file').values(rows.slice(i, i + 200)).execute();
      await storeBlobs(trx, this.store.dialect, plan);
      return depId;
    });

    const state: Record<string, ServerOutcome> = {};
    const reloadsRun: Record<string, string[]> = {};
    const staging = `${this.stateDir}/staging/${id}`;
    const backupDir = `${this.stateDir}/backup/${id}`;
    const transports = new Map<string, ServerTransport>();
    const backups = new Map<string, Map<string, Uint8Array | undefined>>();
    const work = plan.servers.filter((s) => s.added.length + s.changed.length + s.removed.length > 0);
    for (const s of plan.servers) state[s.server] = 'untouched';
    let step = 'connect';
    let current = '';
    const progress = options.onProgress ?? (() => undefined);
    try {
      for (const s of work) {
        current = s.server;
        transports.set(s.server, await this.options.transport(plan.cluster, s.server));
      }
      // 1. Stage and back up on every server before any is switched.
      step = 'stage';
      const staged = await Promise.allSettled(work.map(async (s) => {
        const t = transports.get(s.server) as ServerTransport;
        progress({ server: s.server, step: 'stage', detail: `${s.added.length + s.changed.length} file(s)` });
        const byPath = new Map(s.files.map((f) => [f.path, f]));
        const saved = new Map<string, Uint8Array | undefined>();
        for (const path of [...s.added, ...s.changed, ...s.removed]) {
          const existing = await t.files.readFile(path).catch((e: unknown) => {
            throw new StepError(s.server, 'back up', path, e);
          });
          saved.set(path, existing);
          if (existing !== undefined) await t.files.writeFile(`${backupDir}/files/${path}`, existing).catch((e: unknown) => {
            throw new StepError(s.server, 'back up', path, e);
          });
        }
        await t.files.writeFile(`${backupDir}/manifest.json`, `${JSON.stringify({ deployment: id, absent: [...saved].filter(([, v]) => v === undefined).map(([p]) => p) }, null, 2)}\n`).catch((e: unknown) => {
          throw new StepError(s.server, 'back up', 'manifest.json', e);
        });
        backups.set(s.server, saved);
        for (const path of [...s.added, ...s.changed]) {
          const f = byPath.get(path) as RenderedFile;
          await t.files.writeFile(`${staging}/${path}`, f.content).catch((e: unknown) => {
            throw new StepError(s.server, 'stage', path, e);
          });
        }
      }));
      // Every server has finished (or failed) staging before any restore touches its state dir.
      const failed = staged.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
      // 2. Switch each server: atomic renames from staging, removals.
      step = 'switch';
      for (const s of work) {
        current = s.server;
        const t = transports.get(s.server) as ServerTransport;
        progress({ server: s.server, step: 'switch' });
        state[s.server] = 'switched';
        for (const path of [...s.added, ...s.changed]) {
          await t.files.rename(`${staging}/${path}`, path).catch((e: unknown) => {
            throw new StepError(s.server, 'switch', path, e);
          });
        }
        for (const path of s.removed) {
          await t.files.remove(path).catch((e: unknown) => {
            throw new StepError(s.server, 'switch', path, e);
          });
        }
      }
      // 3. Reload what changed.
      step = 'reload';
      for (const s of work) {
        current = s.server;
        await this.runReloads(transports.get(s.server) as ServerTransport, s.server, s.reloads, reloadsRun, progress);
      }
    } catch (e) {
      const reason = e instanceof StepError ? e.message : `${current === '' ? '' : `${current}: `}${step} failed: ${errorText(e)}`;
      const restoreProblems = await this.restore(work, transports, backups, state, reloadsRun, staging, progress);
      const full = restoreProblems.length === 0 ? reason : `${reason}; then ${restoreProblems.join('; ')}`;
      await db.updateTable('acm_deployment').set({ status: 'failed', reason: full, finished_at: new Date().toISOString(), summary: JSON.stringify({ servers: summary, outcome: state }) }).where('id', '=', id).execute();
      await this.closeAll(transports);
      return { id, ok: false, reason: full, servers: state, reloads: reloadsRun };
    }
    await Promise.all(work.map((s) => (transports.get(s.server) as ServerTransport).files.removeTree(staging).catch(() => undefined)));
    await db.updateTable('acm_deployment').set({ status: 'succeeded', finished_at: new Date().toISOString(), summary: JSON.stringify({ servers: summary, outcome: state }) }).where('id', '=', id).execute();
    await this.closeAll(transports);
    return { id, ok: true, servers: state, reloads: reloadsRun };
  }

  private async runReloads(t: ServerTransport, server: string, reloads: readonly string[], run: Record<string, string[]>, progress: NonNullable<ApplyOptions['onProgress']>): Promise<void> {
    if (t.exec === undefined) return;
    for (const reload of reloads) {
      progress({ server, step: 'reload', detail: reload });
      const argv = this.options.reloadArgv?.(reload) ?? ['asterisk', '-rx', reload];
      const timeoutMs = this.options.reloadTimeoutMs ?? 30_000;
      const result = await t.exec.run(argv, { timeoutMs }).catch((e: unknown) => {
        throw new StepError(server, 'reload', reload, e);
      });
      (run[server] ??= []).push(reload);
      if (result.timedOut) throw new StepError(server, 'reload', reload, new Error(`timed out after ${String(timeoutMs)} ms`));
      if (result.code !== 0) throw new StepError(server, 'reload', reload, new Error(`exit ${String(result.code)}${result.stderr.trim() === '' ? '' : `: ${result.stderr.trim().split('\n')[0] ?? ''}`}`));
    }
  }

  private async restore(
    work: readonly ServerPlan[],
    transports: ReadonlyMap<string, ServerTransport>,
    backups: ReadonlyMap<string, ReadonlyMap<string, Uint8Array | undefined>>,
    state: Record<string, ServerOutcome>,
    reloadsRun: Record<string, string[]>,
    staging: string,
    progress: NonNullable<ApplyOptions['onProgress']>,
  ): Promise<string[]> {
    const problems: string[] = [];
    for (const s of work) {
      const t = transports.get(s.server);
      if (t === undefined) continue;
      if (state[s.server] === 'switched') {
        progress({ server: s.server, step: 'restore' });
        try {
          const saved = backups.get(s.server) ?? new Map<string, Uint8Array | undefined>();
          for (const [path, content] of saved) {
            if (content === undefined) await t.files.remove(path);
            else {
              await t.files.writeFile(`${staging}.restore/${path}`, content);
              await t.files.rename(`${staging}.restore/${path}`, path);
            }
          }
          await t.files.removeTree(`${staging}.restore`);
          state[s.server] = 'restored';
        } catch (e) {
          state[s.server] = 'restore-failed';
          problems.push(`${s.server}: ${errorText(e)}`);
          continue;
        }
        // The old files are back: reload what had been reloaded (or tried) with the new ones.
        const ran = reloadsRun[s.server] ?? [];
        if (ran.length > 0) await this.runReloads(t, s.server, [...new Set(ran)], {}, progress).catch((e: unknown) => problems.push(`${s.server}: ${errorText(e)} (files restored)`));
      }
      await t.files.removeTree(staging).catch(() => undefined);
    }
    return problems;
  }

  private async closeAll(transports: ReadonlyMap<string, ServerTransport>): Promise<void> {
    await Promise.all([...transports.values()].map((t) => t.files.close().catch(() => undefined)));
  }

  /** Re-applies an earlier deployment's files to its cluster (staged, backed up and switched like any apply). */
  async rollback(deploymentId: number, options: ApplyOptions = {}): Promise<DeploymentResult> {
    const dep = await this.store.db.selectFrom('acm_deployment').selectAll().where('id', '=', deploymentId).executeTakeFirst();
    if (dep === undefined) return { id: undefined, ok: false, reason: `no deployment ${deploymentId}`, servers: {}, reloads: {} };
    const files = await this.deployedFiles(deploymentId);
    const plan = await this.plan(dep.cluster, files, { journalId: Number(dep.journal_id), rollbackOf: deploymentId });
    return this.apply(plan, options);
  }

  /** Deployments, newest first, optionally of one cluster. */
  async history(filter: { readonly cluster?: string; readonly limit?: number } = {}): Promise<DeploymentRecord[]> {
    let q = this.store.db.selectFrom('acm_deployment').selectAll();
    if (filter.cluster !== undefined) q = q.where('cluster', '=', filter.cluster);
    const rows = await q.orderBy('id', 'desc').limit(filter.limit ?? 100).execute();
    return rows.map(recordOf);
  }

  /** One deployment of the history by id, or undefined when there is none. */
  async get(deploymentId: number): Promise<DeploymentRecord | undefined> {
    const row = await this.store.db.selectFrom('acm_deployment').selectAll().where('id', '=', deploymentId).executeTakeFirst();
    return row === undefined ? undefined : recordOf(row);
  }
}

function recordOf(r: Selectable<DeploymentTable>): DeploymentRecord {
  const summary = (r.summary === null ? {} : JSON.parse(r.summary)) as { servers?: DeploymentRecord['servers']; outcome?: Record<string, ServerOutcome> };
  return {
    id: Number(r.id),
    cluster: r.cluster,
    actor: r.actor,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status as DeploymentRecord['status'],
    reason: r.reason,
    rollbackOf: r.rollback_of === null ? null : Number(r.rollback_of),
    journalId: Number(r.journal_id),
    servers: summary.servers ?? [],
    ...(summary.outcome === undefined ? {} : { outcome: summary.outcome }),
  };
}

/**
 * Stores the contents of a plan's files that no earlier deployment stored, one row per distinct
 * content (an HA pair's identical files and the files a commit keeps cost nothing). One content
 * per statement, so a statement is never much larger than the largest file.
 */
async function storeBlobs(db: StoreDb, dialect: Store['dialect'], plan: DeploymentPlan): Promise<void> {
  const contents = new Map<string, string>();
  for (const s of plan.servers) for (const f of s.files) contents.set(f.sha256, f.content);
  const hashes = [...contents.keys()];
  const known = new Set<string>();
  for (let i = 0; i < hashes.length; i += 500) {
    for (const r of await db.selectFrom('acm_deployment_blob').select('sha256').where('sha256', 'in', hashes.slice(i, i + 500)).execute()) known.add(r.sha256);
  }
  for (const [sha256, content] of contents) {
    if (known.has(sha256)) continue;
    // A commit of another cluster may store the same content meanwhile (an identical acl.conf): same bytes, keep one.
    const insert = db.insertInto('acm_deployment_blob').values({ sha256, content });
    await (dialect === 'mysql' ? insert.onDuplicateKeyUpdate({ sha256 }) : insert.onConflict((oc) => oc.column('sha256').doNothing())).execute();
  }
}

/** Why a plan cannot be stored: a file whose content does not have the hash it claims (stored contents are shared by hash). */
function hashProblem(plan: DeploymentPlan): string | undefined {
  for (const s of plan.servers) {
    for (const f of s.files) {
      if (sha256Hex(f.content) !== f.sha256) return `rendered file ${f.path} of server ${s.server}: its sha256 does not match its content`;
    }
  }
  return undefined;
}

function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0] ?? text;
}

class StepError extends Error {
  constructor(server: string, step: string, what: string, cause: unknown) {
    super(`${server}: ${step} ${what} failed: ${errorText(cause)}`);
  }
}
