import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import {
  Deployer, formatPath, pickSetting, secretEnvironment,
  type ApplyOptions, type DeploymentPlan, type DeploymentResult, type Enterprise, type Store,
} from '@acm/core';
import { deployerFor, describeDeployTarget, serversWithoutTarget, type DeployTarget } from '@acm/ha';
import { createSecretResolver, planDeployments } from '@acm/render';
import type { Command } from 'commander';
import { CommandFailure, UsageError, formatDiagnostics, paint, printJson, table, type CliContext } from '../output.js';
import { actorOf, cliConfig, dbOptions, withStore, type DbOptions } from './db.js';

interface DeployOptions extends DbOptions {
  cluster?: string;
  targetDir?: string;
  remoteRoot?: string;
  templates?: string;
  runReloads?: boolean;
  skipReloads?: boolean;
  yes?: boolean;
}

/** What a deploy command needs from flags, environment and config file (flags beat env beat file). */
interface Settings {
  readonly templates: string | undefined;
  /** The environment secret references see: config env files under the real environment. */
  readonly secretEnv: Readonly<Record<string, string | undefined>>;
  /** Where relative `{ file }` secret references are taken from. */
  readonly secretBase: string;
  readonly target: DeployTarget;
}

function settings(ctx: CliContext, opts: DeployOptions): Settings {
  const config = cliConfig(ctx, opts);
  const secrets = secretEnvironment(config, ctx.env);
  const bad = secrets.diagnostics[0];
  if (bad !== undefined) throw new UsageError(`${config?.file ?? 'acm.config.yaml'}: ${bad.message} [${formatPath(bad.path)}]`);
  const templates = pickSetting(opts.templates, ctx.env.ACM_TEMPLATES, config?.templates);
  const targetDir = pickSetting(opts.targetDir, ctx.env.ACM_TARGET_DIR, config?.deploy?.targetDir);
  const remoteRoot = pickSetting(opts.remoteRoot, ctx.env.ACM_REMOTE_ROOT, config?.deploy?.remoteRoot);
  const secretBase = config?.secrets?.baseDir ?? ctx.cwd;
  const reloads = targetDir !== undefined ? opts.runReloads === true : opts.skipReloads === true ? false : undefined;
  return {
    templates: templates === undefined ? undefined : resolve(ctx.cwd, templates),
    secretEnv: secrets.env,
    secretBase,
    target: {
      ...(targetDir === undefined ? {} : { targetDir: resolve(ctx.cwd, targetDir) }),
      ...(remoteRoot === undefined ? {} : { remoteRoot }),
      ...(reloads === undefined ? {} : { reloads }),
      ...(config?.deploy === undefined ? {} : { config: config.deploy }),
      secretEnv: secrets.env,
      secretBase,
    },
  };
}

/** Every server to deploy needs a target: say which lack one before anything starts. */
function checkEndpoints(s: Settings, enterprise: Enterprise, clusters: readonly string[]): void {
  const missing = serversWithoutTarget(enterprise, s.target, clusters);
  if (missing.length > 0) throw new UsageError(`no deployment target for ${missing.join(', ')}: give each server an ssh endpoint (host, port, user, hostKey, privateKey) or deploy to local directories with --target-dir <dir>`);
}

async function enterpriseOf(store: Store): Promise<Enterprise> {
  const enterprise = await store.exportEnterprise();
  if (enterprise === undefined) throw new CommandFailure('the store holds no enterprise: run acm import <file> first');
  return enterprise;
}

/** Renders the real files of each server and diffs them against each cluster's last deployment. */
async function plans(ctx: CliContext, s: Settings, store: Store, enterprise: Enterprise, deployer: Deployer, cluster: string | undefined): Promise<DeploymentPlan[]> {
  if (cluster !== undefined && !enterprise.clusters.some((c) => c.id === cluster)) throw new UsageError(`--cluster: no cluster ${JSON.stringify(cluster)}`);
  const { plans: list, diagnostics } = await planDeployments(store, deployer, enterprise, {
    ...(cluster === undefined ? {} : { clusters: [cluster] }),
    secrets: createSecretResolver({ env: s.secretEnv, baseDir: s.secretBase }),
    ...(s.templates === undefined ? {} : { templateRoot: s.templates }),
  });
  // A cluster that cannot be rendered correctly has no plan: deploy nothing rather than part of the enterprise.
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    ctx.stderr(formatDiagnostics(ctx, diagnostics));
    throw new CommandFailure(`render failed: ${errors.length} problem(s), first ${errors[0]!.code} at ${formatPath(errors[0]!.path)}`);
  }
  return [...list];
}

function printPlans(ctx: CliContext, list: readonly DeploymentPlan[]): void {
  for (const p of list) {
    ctx.stdout(`${paint(ctx, 'bold', p.cluster)}: ${p.hasChanges ? 'changes' : 'up to date'}${p.basedOn === null ? ' (first deployment)' : ` (against deployment #${p.basedOn})`}\n`);
    if (!p.hasChanges) continue;
    ctx.stdout(table(['server', 'added', 'changed', 'removed', 'unchanged', 'reloads needed'], p.servers.map((s) => [s.server, s.added.length, s.changed.length, s.removed.length, s.unchanged, s.reloads.join('; ') || '-'])));
    for (const s of p.servers) {
      for (const path of s.added) ctx.stdout(`  ${s.server} + ${path}\n`);
      for (const path of s.changed) ctx.stdout(`  ${s.server} ~ ${path}\n`);
      for (const path of s.removed) ctx.stdout(`  ${s.server} - ${path}\n`);
    }
  }
}

const planJson = (p: DeploymentPlan) => ({ cluster: p.cluster, basedOn: p.basedOn, journalId: p.journalId, hasChanges: p.hasChanges, servers: p.servers.map((s) => ({ server: s.server, added: s.added, changed: s.changed, removed: s.removed, unchanged: s.unchanged, reloads: s.reloads })) });

/** Per-server progress on stderr, only on a terminal and never under --json. */
function progressFor(ctx: CliContext, opts: DeployOptions, cluster: string, describe: (server: string) => string): ApplyOptions['onProgress'] {
  if (!ctx.interactive || opts.json === true) return undefined;
  const announced = new Set<string>();
  return (ev) => {
    if (!announced.has(ev.server)) {
      announced.add(ev.server);
      ctx.stderr(paint(ctx, 'dim', `${cluster}/${ev.server}: ${describe(ev.server)}\n`));
    }
    ctx.stderr(`${cluster}/${ev.server}: ${ev.step}${ev.detail === undefined ? '' : ` ${ev.detail}`}\n`);
  };
}

function outcomeLine(r: DeploymentResult): string {
  return Object.entries(r.servers).map(([s, o]) => `${s} ${o === 'untouched' || o === 'restored' ? `${o} (old files)` : o === 'switched' ? 'switched (new files)' : `${o} (CHECK BY HAND)`}`).join(', ');
}

/** `acm plan`, `acm commit`, `acm deployments`, `acm rollback <id>`: render, diff against the last deployment, apply with backups. */
export function register(program: Command, ctx: CliContext): void {
  const renderOptions = (c: Command): Command => c.option('--templates <dir>', 'template override root (default $ACM_TEMPLATES, then acm.config.yaml templates)');
  const targetOptions = (c: Command): Command => dbOptions(c)
    .option('--target-dir <dir>', 'deploy to local directories, each server is <dir>/<server> (default $ACM_TARGET_DIR, then acm.config.yaml deploy.targetDir; without one: each server over SSH)')
    .option('--remote-root <dir>', 'over SSH: the root rendered paths are below on each server, {cluster} and {server} expand (default $ACM_REMOTE_ROOT, then deploy.remoteRoot, then /)')
    .option('--skip-reloads', 'over SSH: switch the files but run no reloads')
    .option('--run-reloads', 'with --target-dir: run the needed reloads on this machine (asterisk -rx ...)');

  renderOptions(dbOptions(program.command('plan').description('what a commit would change on each server: files added, changed, removed, and the reloads needed')))
    .option('--cluster <id>', 'only this cluster')
    .action(async (opts: DeployOptions) => {
      const s = settings(ctx, opts);
      await withStore(ctx, opts, async (store) => {
        const enterprise = await enterpriseOf(store);
        const deployer = new Deployer(store, { transport: () => { throw new Error('a plan needs no transport'); } });
        const list = await plans(ctx, s, store, enterprise, deployer, opts.cluster);
        if (opts.json === true) printJson(ctx, { plans: list.map(planJson) });
        else printPlans(ctx, list);
      });
    });

  renderOptions(targetOptions(program.command('commit').description('deploy the rendered files: stage on every server, back up, switch, reload; all servers or none')))
    .option('--cluster <id>', 'only this cluster')
    .option('--yes', 'do not ask for confirmation')
    .option('--actor <name>', 'who the history records')
    .action(async (opts: DeployOptions) => {
      const s = settings(ctx, opts);
      await withStore(ctx, opts, async (store) => {
        const enterprise = await enterpriseOf(store);
        const deployer = deployerFor(store, enterprise, s.target);
        const list = (await plans(ctx, s, store, enterprise, deployer, opts.cluster)).filter((p) => p.hasChanges);
        if (list.length === 0) {
          if (opts.json === true) printJson(ctx, { deployments: [] });
          else ctx.stdout('nothing to commit: every cluster is up to date\n');
          return;
        }
        checkEndpoints(s, enterprise, list.map((p) => p.cluster));
        if (opts.json !== true) printPlans(ctx, list);
        if (opts.yes !== true) {
          if (!ctx.interactive || opts.json === true) throw new UsageError('commit needs --yes when not run on a terminal');
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          const answer = await rl.question(`apply to ${list.map((p) => p.cluster).join(', ')}? [y/N] `);
          rl.close();
          if (!/^y(es)?$/i.test(answer.trim())) throw new CommandFailure('commit cancelled');
        }
        const results = [];
        for (const p of list) {
          const actor = actorOf(ctx, opts);
          const onProgress = progressFor(ctx, opts, p.cluster, (server) => describeDeployTarget(enterprise, s.target, p.cluster, server));
          const r = await deployer.apply(p, { ...(actor === undefined ? {} : { actor }), ...(onProgress === undefined ? {} : { onProgress }) });
          results.push({ cluster: p.cluster, ...r });
          if (opts.json !== true) ctx.stdout(r.ok ? `${p.cluster}: deployed (#${r.id}); ${outcomeLine(r)}\n` : `${p.cluster}: FAILED${r.id === undefined ? '' : ` (#${r.id})`}: ${r.reason ?? ''}; servers: ${outcomeLine(r)}\n`);
        }
        if (opts.json === true) printJson(ctx, { deployments: results });
        ctx.exitCode = results.every((r) => r.ok) ? 0 : 1;
      });
    });

  dbOptions(program.command('deployments').description('deployment history: who, when, files, outcome; --break-lock frees a cluster left locked by a dead commit'))
    .option('--cluster <id>', 'only this cluster')
    .option('--limit <n>', 'at most this many', '20')
    .option('--break-lock', 'remove the deployment lock of --cluster (only when no commit of it is running)')
    .action(async (opts: DbOptions & { cluster?: string; limit: string; breakLock?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit: expected a positive whole number');
      if (opts.breakLock === true && opts.cluster === undefined) throw new UsageError('--break-lock needs --cluster <id>');
      await withStore(ctx, opts, async (store) => {
        const deployer = new Deployer(store, { transport: () => { throw new Error('history needs no transport'); } });
        if (opts.breakLock === true) {
          const cluster = opts.cluster as string;
          const broken = await deployer.breakLock(cluster);
          if (opts.json === true) printJson(ctx, { cluster, broken });
          else ctx.stdout(broken ? `${cluster}: deployment lock removed\n` : `${cluster}: was not locked\n`);
          return;
        }
        const history = await deployer.history({ ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }), limit });
        if (opts.json === true) {
          printJson(ctx, { deployments: history });
          return;
        }
        ctx.stdout(table(['id', 'cluster', 'who', 'started', 'status', 'files (+/~/-)', 'note'], history.map((h) => [
          h.id, h.cluster, h.actor, h.startedAt, h.status,
          h.servers.map((x) => `${x.server} ${x.added}/${x.changed}/${x.removed}`).join(', '),
          h.rollbackOf !== null ? `rollback of #${h.rollbackOf}` : h.reason ?? '',
        ])));
      });
    });

  targetOptions(program.command('rollback').description('re-apply an earlier deployment\'s files (staged, backed up, switched like a commit)').argument('<id>', 'deployment id'))
    .option('--actor <name>', 'who the history records')
    .action(async (idText: string, opts: DeployOptions) => {
      const id = Number(idText);
      if (!Number.isInteger(id) || id < 1) throw new UsageError(`rollback: ${JSON.stringify(idText)} is not a deployment id`);
      const s = settings(ctx, opts);
      await withStore(ctx, opts, async (store) => {
        const enterprise = await enterpriseOf(store);
        const deployer = deployerFor(store, enterprise, s.target);
        const target = await deployer.get(id);
        if (target === undefined) throw new CommandFailure(`no deployment #${id}`);
        checkEndpoints(s, enterprise, [target.cluster]);
        const actor = actorOf(ctx, opts);
        const onProgress = progressFor(ctx, opts, target.cluster, (server) => describeDeployTarget(enterprise, s.target, target.cluster, server));
        const r = await deployer.rollback(id, { ...(actor === undefined ? {} : { actor }), ...(onProgress === undefined ? {} : { onProgress }) });
        ctx.exitCode = r.ok ? 0 : 1;
        if (opts.json === true) printJson(ctx, r);
        else ctx.stdout(r.ok ? `rolled back ${target.cluster} to deployment #${id} (#${r.id}); ${outcomeLine(r)}\n` : `rollback FAILED: ${r.reason ?? ''}; servers: ${outcomeLine(r)}\n`);
      });
    });
}
