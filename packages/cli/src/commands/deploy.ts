import { createInterface } from 'node:readline/promises';
import type { CommitReport, DeployProgress, DeploymentOutcome, PlanView } from '@acm/sdk';
import type { Command } from 'commander';
import { CommandFailure, UsageError, formatDiagnostics, paint, printJson, storeOptions, table, withWorkspace, type CliContext } from '../output.js';

interface DeployFlags {
  json?: boolean;
  cluster?: string;
  force?: boolean;
  yes?: boolean;
}

function printPlans(ctx: CliContext, list: readonly PlanView[]): void {
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

/** Per-server progress on stderr, only on a terminal and never under --json. */
function progressFor(ctx: CliContext, json: boolean | undefined): ((ev: DeployProgress) => void) | undefined {
  if (!ctx.interactive || json === true) return undefined;
  const announced = new Set<string>();
  return (ev) => {
    const who = `${ev.cluster}/${ev.server}`;
    if (!announced.has(who)) {
      announced.add(who);
      ctx.stderr(paint(ctx, 'dim', `${who}: ${ev.target}\n`));
    }
    ctx.stderr(`${who}: ${ev.step}${ev.detail === undefined ? '' : ` ${ev.detail}`}\n`);
  };
}

function outcomeLine(r: DeploymentOutcome): string {
  return Object.entries(r.servers).map(([s, o]) => `${s} ${o === 'untouched' || o === 'restored' ? `${o} (old files)` : o === 'switched' ? 'switched (new files)' : `${o} (CHECK BY HAND)`}`).join(', ');
}

function forcedLine(ctx: CliContext, r: { readonly forced: readonly unknown[]; readonly diagnostics: readonly import('@acm/sdk').Diagnostic[] }): void {
  if (r.forced.length > 0) ctx.stdout(`forced past ${r.forced.length} validation error(s): recorded in the journal\n`);
  if (r.diagnostics.length > 0) ctx.stdout(formatDiagnostics(ctx, r.diagnostics));
}

async function askYes(ctx: CliContext, plans: readonly PlanView[]): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`apply to ${plans.map((p) => p.cluster).join(', ')}? [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** `acm plan`, `acm commit`, `acm deployments`, `acm rollback <id>`: render, diff against the last deployment, apply with backups. */
export function register(program: Command, ctx: CliContext): void {
  const renderFlags = (c: Command): Command => c
    .option('--templates <dir>', 'template override root (default $ACM_TEMPLATES, then acm.config.yaml templates)')
    .option('--force', 'go on despite validation errors (recorded in the journal with who forced it)');
  const targetFlags = (c: Command): Command => storeOptions(c)
    .option('--target-dir <dir>', 'deploy to local directories, each server is <dir>/<server> ({cluster} expands; default $ACM_TARGET_DIR, then acm.config.yaml deploy.targetDir; without one: each server over SSH)')
    .option('--remote-root <dir>', 'over SSH: the root rendered paths are below on each server, {cluster} and {server} expand (default $ACM_REMOTE_ROOT, then deploy.remoteRoot, then /)')
    .option('--skip-reloads', 'over SSH: switch the files but run no reloads')
    .option('--run-reloads', 'with --target-dir: run the needed reloads on this machine (asterisk -rx ...)')
    .option('--actor <name>', 'who the history records');

  renderFlags(storeOptions(program.command('plan').description('what a commit would change on each server: files added, changed, removed, and the reloads needed')))
    .option('--cluster <id>', 'only this cluster')
    .action(async (opts: DeployFlags) => {
      const r = await withWorkspace(ctx, opts, (ws) => ws.plan({ ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }), force: opts.force === true }));
      if (opts.json === true) printJson(ctx, r);
      else {
        printPlans(ctx, r.plans);
        forcedLine(ctx, r);
      }
    });

  renderFlags(targetFlags(program.command('commit').description('deploy the rendered files: stage on every server, back up, switch, reload; all servers or none')))
    .option('--cluster <id>', 'only this cluster')
    .option('--yes', 'do not ask for confirmation')
    .action(async (opts: DeployFlags) => {
      if (opts.yes !== true && (!ctx.interactive || opts.json === true)) throw new UsageError('commit needs --yes when not run on a terminal');
      const onProgress = progressFor(ctx, opts.json);
      const r: CommitReport = await withWorkspace(ctx, opts, (ws) => ws.commit({
        ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }),
        force: opts.force === true,
        ...(onProgress === undefined ? {} : { onProgress }),
        confirm: async (plans) => {
          if (opts.json !== true) printPlans(ctx, plans);
          return opts.yes === true || (await askYes(ctx, plans));
        },
      }));
      ctx.exitCode = r.ok ? 0 : 1;
      if (opts.json === true) {
        printJson(ctx, r);
        return;
      }
      forcedLine(ctx, r);
      if (r.cancelled) throw new CommandFailure('commit cancelled');
      if (r.plans.length === 0) ctx.stdout('nothing to commit: every cluster is up to date\n');
      for (const d of r.deployments) ctx.stdout(d.ok ? `${d.cluster}: deployed (#${d.id}); ${outcomeLine(d)}\n` : `${d.cluster}: FAILED${d.id === null ? '' : ` (#${d.id})`}: ${d.reason ?? ''}; servers: ${outcomeLine(d)}\n`);
    });

  storeOptions(program.command('deployments').description('deployment history: who, when, files, outcome; --diff <id> shows a deployment\'s file changes; --break-lock frees a cluster left locked by a dead commit'))
    .option('--cluster <id>', 'only this cluster')
    .option('--limit <n>', 'at most this many', '20')
    .option('--diff <id>', 'the unified diff of each file a deployment changed (against the deployment before it)')
    .option('--break-lock', 'remove the deployment lock of --cluster (only when no commit of it is running)')
    .action(async (opts: DeployFlags & { limit: string; diff?: string; breakLock?: boolean }) => {
      if (opts.breakLock === true && opts.cluster === undefined) throw new UsageError('--break-lock needs --cluster <id>');
      await withWorkspace(ctx, opts, async (ws) => {
        if (opts.breakLock === true) {
          const cluster = opts.cluster as string;
          const broken = await ws.breakLock(cluster);
          if (opts.json === true) printJson(ctx, { cluster, broken });
          else ctx.stdout(broken ? `${cluster}: deployment lock removed\n` : `${cluster}: was not locked\n`);
          return;
        }
        if (opts.diff !== undefined) {
          const id = Number(opts.diff);
          if (!Number.isInteger(id) || id < 1) throw new UsageError(`--diff: ${JSON.stringify(opts.diff)} is not a deployment id`);
          const d = await ws.deploymentDiff(id);
          if (opts.json === true) printJson(ctx, d);
          else {
            ctx.stdout(`deployment #${id} (${d.deployment.cluster}) against ${d.against === null ? 'nothing (first deployment)' : `#${d.against}`}: ${d.files.length} file(s)\n`);
            for (const f of d.files) ctx.stdout(`${paint(ctx, 'bold', `${f.server} ${f.change} ${f.path}`)}\n${f.diff}`);
          }
          return;
        }
        const limit = Number(opts.limit);
        const history = await ws.deployments({ ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }), limit });
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

  targetFlags(program.command('rollback').description('re-apply an earlier deployment\'s files (staged, backed up, switched like a commit)').argument('<id>', 'deployment id'))
    .action(async (idText: string, opts: DeployFlags) => {
      const id = Number(idText);
      if (!Number.isInteger(id) || id < 1) throw new UsageError(`rollback: ${JSON.stringify(idText)} is not a deployment id`);
      const onProgress = progressFor(ctx, opts.json);
      const r = await withWorkspace(ctx, opts, (ws) => ws.rollback(id, onProgress === undefined ? {} : { onProgress }));
      ctx.exitCode = r.ok ? 0 : 1;
      if (opts.json === true) printJson(ctx, r);
      else ctx.stdout(r.ok ? `rolled back ${r.cluster} to deployment #${id} (#${r.id}); ${outcomeLine(r)}\n` : `rollback FAILED: ${r.reason ?? ''}; servers: ${outcomeLine(r)}\n`);
    });
}
