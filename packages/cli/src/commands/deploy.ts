import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Deployer, LocalCommandExec, LocalDirectoryTarget, type DeploymentPlan, type RenderedFile, type Store } from '@acm/core';
import { renderEnterprise } from '@acm/render';
import type { Command } from 'commander';
import { CommandFailure, UsageError, paint, printJson, table, type CliContext } from '../output.js';
import { actorOf, dbOptions, withStore, type DbOptions } from './db.js';

interface DeployOptions extends DbOptions {
  cluster?: string;
  targetDir?: string;
  runReloads?: boolean;
  yes?: boolean;
}

function deployerFor(ctx: CliContext, store: Store, opts: DeployOptions): Deployer {
  const dir = opts.targetDir ?? ctx.env.ACM_TARGET_DIR;
  if (dir === undefined) throw new UsageError('no deployment target: give --target-dir <dir> (each server is <dir>/<server>) or set ACM_TARGET_DIR');
  const root = resolve(ctx.cwd, dir);
  const exec = opts.runReloads === true ? new LocalCommandExec() : undefined;
  return new Deployer(store, { transport: (_cluster, server) => ({ files: new LocalDirectoryTarget(join(root, server)), ...(exec === undefined ? {} : { exec }) }) });
}

async function plans(store: Store, deployer: Deployer, cluster: string | undefined): Promise<DeploymentPlan[]> {
  const enterprise = await store.exportEnterprise();
  if (enterprise === undefined) throw new CommandFailure('the store holds no enterprise: run acm import <file> first');
  const clusters = cluster === undefined ? enterprise.clusters.map((c) => c.id) : [cluster];
  if (cluster !== undefined && !enterprise.clusters.some((c) => c.id === cluster)) throw new UsageError(`--cluster: no cluster ${JSON.stringify(cluster)}`);
  // The journal head before rendering: edits made while rendering stay "waiting".
  const head = (await store.journal({ limit: 1 }))[0]?.id ?? 0;
  let rendered;
  try {
    rendered = renderEnterprise(enterprise, { clusters });
  } catch (e) {
    throw new CommandFailure(`render failed: ${(e as Error).message.split('\n')[0] ?? ''}`);
  }
  const out: DeploymentPlan[] = [];
  for (const c of clusters) {
    const files = new Map<string, readonly RenderedFile[]>();
    for (const s of rendered.servers) if (s.cluster === c) files.set(s.server, s.files);
    out.push(await deployer.plan(c, files, { journalId: head }));
  }
  return out;
}

function printPlans(ctx: CliContext, list: readonly DeploymentPlan[]): void {
  for (const p of list) {
    ctx.stdout(`${paint(ctx, 'bold', p.cluster)}: ${p.hasChanges ? 'changes' : 'up to date'}${p.basedOn === null ? ' (first deployment)' : ` (against deployment #${p.basedOn})`}\n`);
    if (!p.hasChanges) continue;
    ctx.stdout(table(['server', 'added', 'changed', 'removed', 'unchanged', 'reloads'], p.servers.map((s) => [s.server, s.added.length, s.changed.length, s.removed.length, s.unchanged, s.reloads.join('; ') || '-'])));
    for (const s of p.servers) {
      for (const path of s.added) ctx.stdout(`  ${s.server} + ${path}\n`);
      for (const path of s.changed) ctx.stdout(`  ${s.server} ~ ${path}\n`);
      for (const path of s.removed) ctx.stdout(`  ${s.server} - ${path}\n`);
    }
  }
}

const planJson = (p: DeploymentPlan) => ({ cluster: p.cluster, basedOn: p.basedOn, journalId: p.journalId, hasChanges: p.hasChanges, servers: p.servers.map((s) => ({ server: s.server, added: s.added, changed: s.changed, removed: s.removed, unchanged: s.unchanged, reloads: s.reloads })) });

/** `acm plan`, `acm commit`, `acm deployments`, `acm rollback <id>`: render, diff against the last deployment, apply with backups. */
export function register(program: Command, ctx: CliContext): void {
  const targetOptions = (c: Command): Command => dbOptions(c)
    .option('--target-dir <dir>', 'deploy to local directories: each server is <dir>/<server> (default $ACM_TARGET_DIR)')
    .option('--run-reloads', 'run the needed reloads on this machine (asterisk -rx ...)');

  targetOptions(program.command('plan').description('what a commit would change on each server: files added, changed, removed, and the reloads'))
    .option('--cluster <id>', 'only this cluster')
    .action(async (opts: DeployOptions) => {
      await withStore(ctx, opts, async (store) => {
        const list = await plans(store, deployerFor(ctx, store, opts), opts.cluster);
        if (opts.json === true) printJson(ctx, { plans: list.map(planJson) });
        else printPlans(ctx, list);
      });
    });

  targetOptions(program.command('commit').description('deploy the rendered files: stage on every server, back up, switch, reload; all servers or none'))
    .option('--cluster <id>', 'only this cluster')
    .option('--yes', 'do not ask for confirmation')
    .option('--actor <name>', 'who the history records')
    .action(async (opts: DeployOptions) => {
      await withStore(ctx, opts, async (store) => {
        const deployer = deployerFor(ctx, store, opts);
        const list = (await plans(store, deployer, opts.cluster)).filter((p) => p.hasChanges);
        if (list.length === 0) {
          if (opts.json === true) printJson(ctx, { deployments: [] });
          else ctx.stdout('nothing to commit: every cluster is up to date\n');
          return;
        }
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
          const r = await deployer.apply(p, {
            ...(actor === undefined ? {} : { actor }),
            ...(ctx.interactive && opts.json !== true ? { onProgress: (ev: { server: string; step: string; detail?: string }) => ctx.stderr(`${p.cluster}/${ev.server}: ${ev.step}${ev.detail === undefined ? '' : ` ${ev.detail}`}\n`) } : {}),
          });
          results.push({ cluster: p.cluster, ...r });
          if (opts.json !== true) ctx.stdout(r.ok ? `${p.cluster}: deployed (#${r.id})\n` : `${p.cluster}: FAILED${r.id === undefined ? '' : ` (#${r.id})`}: ${r.reason ?? ''}; servers: ${Object.entries(r.servers).map(([s, o]) => `${s} ${o}`).join(', ')}\n`);
        }
        if (opts.json === true) printJson(ctx, { deployments: results });
        ctx.exitCode = results.every((r) => r.ok) ? 0 : 1;
      });
    });

  dbOptions(program.command('deployments').description('deployment history: who, when, files, outcome'))
    .option('--cluster <id>', 'only this cluster')
    .option('--limit <n>', 'at most this many', '20')
    .action(async (opts: DbOptions & { cluster?: string; limit: string }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit: expected a positive whole number');
      await withStore(ctx, opts, async (store) => {
        const history = await new Deployer(store, { transport: () => { throw new Error('history needs no transport'); } }).history({ ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }), limit });
        if (opts.json === true) {
          printJson(ctx, { deployments: history });
          return;
        }
        ctx.stdout(table(['id', 'cluster', 'who', 'started', 'status', 'files (+/~/-)', 'note'], history.map((h) => [
          h.id, h.cluster, h.actor, h.startedAt, h.status,
          h.servers.map((s) => `${s.server} ${s.added}/${s.changed}/${s.removed}`).join(', '),
          h.rollbackOf !== null ? `rollback of #${h.rollbackOf}` : h.reason ?? '',
        ])));
      });
    });

  targetOptions(program.command('rollback').description('re-apply an earlier deployment\'s files (staged, backed up, switched like a commit)').argument('<id>', 'deployment id'))
    .option('--actor <name>', 'who the history records')
    .action(async (idText: string, opts: DeployOptions) => {
      const id = Number(idText);
      if (!Number.isInteger(id) || id < 1) throw new UsageError(`rollback: ${JSON.stringify(idText)} is not a deployment id`);
      await withStore(ctx, opts, async (store) => {
        const actor = actorOf(ctx, opts);
        const r = await deployerFor(ctx, store, opts).rollback(id, actor === undefined ? {} : { actor });
        ctx.exitCode = r.ok ? 0 : 1;
        if (opts.json === true) printJson(ctx, r);
        else ctx.stdout(r.ok ? `rolled back to deployment #${id} (#${r.id})\n` : `rollback FAILED: ${r.reason ?? ''}\n`);
      });
    });
}
