import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deployer, LocalDirectoryTarget, SqlStatusStore, checkEnterprise, countBySeverity, describeDatabaseUrl, formatPath, serverClusters, summarizeEnterprise } from '@acm/core';
import { pollStatus } from '@acm/ami';
import { planDeployments } from '@acm/render';
import type { Command } from 'commander';
import { CommandFailure, formatDiagnostics, printJson, table, type CliContext } from '../output.js';
import { databaseUrl, dbOptions, withStore, type DbOptions } from './db.js';

/** The demo enterprise shipped in the repository (examples/enterprise). */
export const DEMO_ENTERPRISE = fileURLToPath(new URL('../../../../examples/enterprise', import.meta.url));

interface DemoOptions extends DbOptions {
  out: string;
  group: string;
}

/**
 * `acm demo`: the main job on the embedded default, end to end: validate the demo enterprise, import
 * it into the store (SQLite `./acm.db` unless told otherwise), render and commit every cluster to
 * local directories standing in for the servers (with backups), then poll AMI simulators of every
 * server into the store's status tables and show the guide's "Current Extension Status".
 */
export function register(program: Command, ctx: CliContext): void {
  dbOptions(program.command('demo').description('the main job on the demo enterprise: validate, import into the store, render and commit to local server directories, poll simulated servers for live status'))
    .argument('[path]', 'enterprise file or directory', DEMO_ENTERPRISE)
    .option('--out <dir>', 'where the servers live: each server is <dir>/<cluster>/<server>', 'acm-demo-servers')
    .option('--group <id>', 'the group whose live status is shown', 'USSales')
    .action(async (path: string, opts: DemoOptions) => {
      const json = opts.json === true;
      const say = (text: string): void => {
        if (!json) ctx.stdout(text);
      };
      const checked = await checkEnterprise(resolve(ctx.cwd, path));
      const counts = countBySeverity(checked.diagnostics);
      if (checked.enterprise === undefined) {
        if (json) printJson(ctx, { path, diagnostics: checked.diagnostics });
        else ctx.stdout(formatDiagnostics(ctx, checked.diagnostics));
        ctx.exitCode = 2;
        return;
      }
      const enterprise = checked.enterprise;
      const summary = summarizeEnterprise(enterprise);
      say(`${summary.name} (${summary.topology} topology): ${summary.counts.sites} sites, ${summary.counts.clusters} clusters\n\n`);
      say(table(['cluster', 'site', 'servers', 'extensions', 'trunks', 'queues', 'hot desks', 'conferences'], summary.clusters.map((c) => [c.cluster, c.site, c.servers, c.extensions, c.trunks, c.queues, c.hotDesks, c.conferences])));
      say(`\n${formatDiagnostics(ctx, checked.diagnostics)}validation: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} notes\n`);
      if (counts.error > 0) throw new CommandFailure('the enterprise has errors: fix them before it can be committed (see above)');

      const out = resolve(ctx.cwd, opts.out);
      const url = databaseUrl(ctx, opts);
      await withStore(ctx, opts, async (store) => {
        const held = await store.exportEnterprise();
        if (held !== undefined && held.name !== enterprise.name) {
          throw new CommandFailure(`the store ${describeDatabaseUrl(url)} holds another enterprise (${JSON.stringify(held.name)}); give the demo its own with --db`);
        }
        const imported = await store.importEnterprise(enterprise, { actor: 'acm demo' });
        if (!imported.ok) throw new CommandFailure(`import refused: ${imported.diagnostics[0]?.message ?? 'see acm import'}`);
        say(`\nstore: ${describeDatabaseUrl(url)} (${summary.counts.extensions} extensions)\n`);

        const deployer = new Deployer(store, { transport: (cluster, server) => ({ files: new LocalDirectoryTarget(join(out, cluster, server)) }) });
        const deployments = [];
        const planned = await planDeployments(store, deployer, enterprise);
        const renderErrors = planned.diagnostics.filter((d) => d.severity === 'error');
        if (renderErrors.length > 0) throw new CommandFailure(`render failed: ${renderErrors.map((d) => `${d.code} at ${formatPath(d.path)}`).join('; ')}`);
        for (const plan of planned.plans) {
          const files = plan.servers.reduce((n, s) => n + s.added.length + s.changed.length + s.removed.length, 0);
          if (!plan.hasChanges) {
            deployments.push({ cluster: plan.cluster, id: null, ok: true, files: 0, servers: plan.servers.map((s) => s.server) });
            continue;
          }
          const result = await deployer.apply(plan, { actor: 'acm demo' });
          deployments.push({ cluster: plan.cluster, id: result.id ?? null, ok: result.ok, files, servers: plan.servers.map((s) => s.server), ...(result.reason === undefined ? {} : { reason: result.reason }) });
        }
        say(`\ncommitted to ${out}/<cluster>/<server>\n\n`);
        say(table(['cluster', 'deployment', 'servers', 'files changed', 'outcome'], deployments.map((d) => [d.cluster, d.id === null ? '-' : `#${d.id}`, d.servers.join(' '), d.files, d.ok ? (d.id === null ? 'up to date' : 'deployed') : `FAILED: ${d.reason ?? ''}`])));

        const status = new SqlStatusStore(store, { clusterOf: serverClusters(enterprise) });
        const polled = await pollStatus(enterprise, status, { simulate: true, group: opts.group });
        const rows = polled.view.extensions;
        say(`\nCurrent Extension Status for site=ALL, cluster=ALL, group=${opts.group} (live, from AMI simulators of ${polled.outcomes.length} servers, stored in the status tables)\n\n`);
        say(table(['group', 'cluster', 'extension', 'user name', 'agent status', 'vm', 'calls'], rows.map((e) => [e.group, e.cluster, e.extension, e.name, e.statusText, e.voicemailNew ?? '', e.callsTaken])));
        const failed = deployments.filter((d) => !d.ok).length + polled.outcomes.filter((o) => !o.ok).length;
        ctx.exitCode = failed === 0 ? 0 : 1;
        if (json) printJson(ctx, { path, summary, counts, diagnostics: checked.diagnostics, store: describeDatabaseUrl(url), deployments, status: { servers: polled.outcomes, extensions: rows } });
      });
    });
}
