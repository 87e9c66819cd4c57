import { renderSipHa, renderWhatIf, type WhatIfScenario } from '@acm/sdk';
import type { Command } from 'commander';
import { UsageError, formatDiagnostics, printJson, withWorkspace, type CliContext } from '../output.js';
import { modelPath, monitoring } from './monitoring.js';

/** `acm ha verify` (the guide's `sip-ha -v` for every cluster) and `acm ha whatif`. */
export function register(program: Command, ctx: CliContext): void {
  const ha = program.command('ha').description('HA pairs: verify VIPs, reachability, trunks, Asterisk, config sync and routing; imagine failures');

  ha.command('verify')
    .description('verify each HA cluster over SSH; exit 0 NORMAL, 1 FAILOVER/DEGRADED, 2 SPLIT-BRAIN/DOWN, 3 UNKNOWN')
    .argument('[path]', 'enterprise file or directory (default: $ACM_ENTERPRISE, else the store\'s)')
    .option('--cluster <id>', 'only this cluster')
    .option('--server <id>', 'print the report from this server (default: the active one)')
    .option('--config-path <dir...>', 'directories whose files must be identical on the servers (default /etc/asterisk)')
    .option('--timeout <ms>', 'per-command timeout in milliseconds')
    .option('--simulate', 'verify in-process stand-ins of the servers (no network at all)')
    .option('--simulate-down <server...>', 'with --simulate: these servers are down')
    .option('--db <url>', 'without a path: the store')
    .option('--json', 'print one JSON document')
    .action(async (path: string | undefined, opts: { cluster?: string; server?: string; configPath?: string[]; timeout?: string; simulate?: boolean; simulateDown?: string[]; db?: string; json?: boolean }) => {
      // Planted faults without --simulate would mean the real servers: refuse before anything connects.
      if (opts.simulateDown !== undefined && opts.simulate !== true) throw new UsageError('--simulate-down needs --simulate');
      await monitoring(ctx, opts.json, async () => {
        const r = await withWorkspace(ctx, opts, (ws) => ws.haVerify({
          ...modelPath(ctx, path),
          ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }),
          ...(opts.configPath === undefined ? {} : { configPaths: opts.configPath }),
          ...(opts.timeout === undefined ? {} : { timeoutMs: Number(opts.timeout) }),
          simulate: opts.simulate === true,
          ...(opts.simulateDown === undefined ? {} : { faults: { down: opts.simulateDown } }),
        }));
        ctx.exitCode = r.exitCode;
        if (opts.json === true) {
          printJson(ctx, { exitCode: r.exitCode, clusters: r.clusters });
          return;
        }
        for (const c of r.clusters) {
          const view = opts.server ?? c.active ?? c.servers.find((s) => s.role === 'primary')?.id ?? c.servers[0]?.id ?? '';
          ctx.stdout(`== cluster ${c.cluster}: ${c.state}\n${renderSipHa(c, view)}`);
          ctx.stdout(formatDiagnostics(ctx, c.diagnostics));
          ctx.stdout('\n');
        }
      });
    });

  ha.command('whatif')
    .description('what happens if a server goes down, a cluster is isolated or a site loses its link (no network access)')
    .argument('[path]', 'enterprise file or directory (default: $ACM_ENTERPRISE, else the store\'s)')
    .option('--down <server>', 'a server goes down')
    .option('--isolate <cluster>', 'a cluster is cut off from the rest')
    .option('--site-down <site>', "a site's WAN link goes down")
    .option('--db <url>', 'without a path: the store')
    .option('--json', 'print one JSON document')
    .action(async (path: string | undefined, opts: { down?: string; isolate?: string; siteDown?: string; db?: string; json?: boolean }) => {
      const given = [opts.down, opts.isolate, opts.siteDown].filter((x) => x !== undefined);
      if (given.length !== 1) throw new UsageError('give exactly one of --down <server>, --isolate <cluster>, --site-down <site>');
      const scenario: WhatIfScenario = opts.down !== undefined ? { kind: 'server-down', server: opts.down } : opts.isolate !== undefined ? { kind: 'cluster-isolated', cluster: opts.isolate } : { kind: 'site-link-down', site: opts.siteDown as string };
      const result = await withWorkspace(ctx, opts, (ws) => ws.whatIf(scenario, modelPath(ctx, path)));
      ctx.exitCode = 0;
      if (opts.json === true) printJson(ctx, result);
      else ctx.stdout(renderWhatIf(result));
    });
}
