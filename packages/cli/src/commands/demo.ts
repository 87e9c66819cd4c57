import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWorkspace, resolveSettings, type Workspace } from '@acm/sdk';
import type { Command } from 'commander';
import { CommandFailure, formatDiagnostics, printJson, storeOptions, table, type CliContext } from '../output.js';

/** The demo enterprise shipped in the repository (examples/enterprise). */
export const DEMO_ENTERPRISE = fileURLToPath(new URL('../../../../examples/enterprise', import.meta.url));

interface DemoOptions {
  out: string;
  group: string;
  json?: boolean;
  db?: string;
  config?: string;
}

/**
 * `acm demo`: the main job on the embedded default, end to end, through the same workspace calls
 * as every command: check the demo enterprise, import it into the store (SQLite `./acm.db` unless
 * told otherwise), commit every cluster to local directories standing in for the servers (with
 * backups), then poll AMI simulators of every server into the store's status tables and show the
 * guide's "Current Extension Status".
 */
export function register(program: Command, ctx: CliContext): void {
  storeOptions(program.command('demo').description('the main job on the demo enterprise: validate, import into the store, render and commit to local server directories, poll simulated servers for live status'))
    .argument('[path]', 'enterprise file or directory', DEMO_ENTERPRISE)
    .option('--out <dir>', 'where the servers live: each server is <dir>/<cluster>/<server>', 'acm-demo-servers')
    .option('--group <id>', 'the group whose live status is shown', 'USSales')
    .action(async (path: string, opts: DemoOptions) => {
      const json = opts.json === true;
      const say = (text: string): void => {
        if (!json) ctx.stdout(text);
      };
      const settings = resolveSettings({
        cwd: ctx.cwd, env: ctx.env, actor: 'acm demo', targetDir: `${resolve(ctx.cwd, opts.out)}/{cluster}`,
        ...(opts.db === undefined ? {} : { store: opts.db }), ...(opts.config === undefined ? {} : { configFile: opts.config }),
      });
      const ws: Workspace = await openWorkspace({ settings });
      try {
        const report = await ws.check({ path });
        if (report.unreadable || report.summary === undefined) {
          if (json) printJson(ctx, { path, diagnostics: report.diagnostics });
          else ctx.stdout(formatDiagnostics(ctx, report.diagnostics));
          ctx.exitCode = 2;
          return;
        }
        const summary = report.summary;
        say(`${summary.name} (${summary.topology} topology): ${summary.counts.sites} sites, ${summary.counts.clusters} clusters\n\n`);
        say(table(['cluster', 'site', 'servers', 'extensions', 'trunks', 'queues', 'hot desks', 'conferences'], summary.clusters.map((c) => [c.cluster, c.site, c.servers, c.extensions, c.trunks, c.queues, c.hotDesks, c.conferences])));
        say(`\n${formatDiagnostics(ctx, report.diagnostics)}validation: ${report.counts.error} errors, ${report.counts.warning} warnings, ${report.counts.info} notes\n`);
        const held = await ws.check().catch(() => undefined);
        if (held?.summary !== undefined && held.summary.name !== summary.name) throw new CommandFailure(`the store ${ws.storeName} holds another enterprise (${JSON.stringify(held.summary.name)}); give the demo its own with --db`);
        // The gate refuses an enterprise with errors here, as for every import.
        const imported = await ws.importEnterprise({ path });
        say(`\nstore: ${ws.storeName} (${imported.extensions} extensions${imported.unchanged ? ', unchanged' : ''})\n`);

        const commit = await ws.commit();
        const deployed = new Map(commit.deployments.map((d) => [d.cluster, d]));
        const rows = summary.clusters.map((c) => {
          const plan = commit.plans.find((p) => p.cluster === c.cluster);
          const d = deployed.get(c.cluster);
          const files = plan?.servers.reduce((n, s) => n + s.added.length + s.changed.length + s.removed.length, 0) ?? 0;
          return { cluster: c.cluster, id: d?.id ?? null, ok: d?.ok ?? true, files, servers: Object.keys(d?.servers ?? {}), ...(d?.reason === undefined ? {} : { reason: d.reason }) };
        });
        say(`\ncommitted to ${resolve(ctx.cwd, opts.out)}/<cluster>/<server>\n\n`);
        say(table(['cluster', 'deployment', 'files changed', 'outcome'], rows.map((d) => [d.cluster, d.id === null ? '-' : `#${d.id}`, d.files, d.ok ? (d.id === null ? 'up to date' : 'deployed') : `FAILED: ${d.reason ?? ''}`])));

        const polled = await ws.pollOnce({ simulate: true });
        const status = await ws.status({ fromStore: true, group: opts.group });
        say(`\nCurrent Extension Status for site=ALL, cluster=ALL, group=${opts.group} (live, from AMI simulators of ${polled.length} servers, stored in the status tables)\n\n`);
        say(table(['group', 'cluster', 'extension', 'user name', 'agent status', 'vm', 'calls'], status.view.extensions.map((e) => [e.group, e.cluster, e.extension, e.name, e.statusText, e.voicemailNew ?? '', e.callsTaken])));
        const failed = rows.filter((d) => !d.ok).length + polled.filter((o) => !o.ok).length;
        ctx.exitCode = failed === 0 ? 0 : 1;
        if (json) printJson(ctx, { path, summary, counts: report.counts, diagnostics: report.diagnostics, store: ws.storeName, deployments: rows, status: { servers: polled, extensions: status.view.extensions } });
      } finally {
        await ws.close();
      }
    });
}
