import { formatPath, loadEnterprise, type Enterprise } from '@acm/core';
import { haExitCode, renderSipHa, renderWhatIf, simulatedHosts, verifyEnterprise, whatIf, type WhatIfScenario } from '@acm/ha';
import type { Command } from 'commander';
import { CommandFailure, UsageError, formatDiagnostics, printJson, type CliContext } from '../output.js';

/**
 * Loads the enterprise a monitoring command works on: the path argument, else `ACM_ENTERPRISE`.
 * An unreadable model is UNKNOWN (exit 3) for monitoring commands, a usage error (2) otherwise.
 * @internal
 */
export async function loadModelFor(ctx: CliContext, path: string | undefined, unreadableExit: number): Promise<Enterprise> {
  const where = path ?? ctx.env.ACM_ENTERPRISE;
  if (where === undefined || where === '') throw new CommandFailure('no enterprise: give a path (file or directory) or set ACM_ENTERPRISE', unreadableExit);
  const loaded = await loadEnterprise(where);
  if (loaded.enterprise === undefined) {
    const d = loaded.diagnostics[0];
    const at = d === undefined || d.path.length === 0 ? '' : ` (${formatPath(d.path)})`;
    throw new CommandFailure(`${where}: ${d === undefined ? 'cannot be read' : d.message}${at}`, unreadableExit);
  }
  return loaded.enterprise;
}

function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new CommandFailure(`--timeout: "${value}" is not a positive number of milliseconds`, 3);
  return n;
}

/**
 * The transport of `--simulate` (stand-ins, no network) with `--simulate-down` faults, else none (SSH).
 * @internal
 */
export function simulation(model: Enterprise, opts: { simulate?: boolean; simulateDown?: string[] }): { execFor?: ReturnType<typeof simulatedHosts>['execFor'] } {
  if (opts.simulateDown !== undefined && opts.simulate !== true) throw new UsageError('--simulate-down needs --simulate');
  if (opts.simulate !== true) return {};
  const known = new Set(model.clusters.flatMap((c) => c.servers.map((s) => s.id)));
  const unknown = (opts.simulateDown ?? []).find((id) => !known.has(id));
  if (unknown !== undefined) throw new UsageError(`--simulate-down: no server "${unknown}" in the enterprise`);
  return { execFor: simulatedHosts(model, { faults: { down: opts.simulateDown ?? [] } }).execFor };
}

/** `acm ha verify` (the guide's `sip-ha -v` for every cluster) and `acm ha whatif`. */
export function register(program: Command, ctx: CliContext): void {
  const ha = program.command('ha').description('HA pairs: verify VIPs, reachability, trunks, Asterisk, config sync and routing; imagine failures');

  ha.command('verify')
    .description('verify each HA cluster over SSH; exit 0 NORMAL, 1 FAILOVER/DEGRADED, 2 SPLIT-BRAIN/DOWN, 3 UNKNOWN')
    .argument('[path]', 'enterprise file or directory (default: $ACM_ENTERPRISE)')
    .option('--cluster <id>', 'only this cluster')
    .option('--server <id>', 'print the report from this server (default: the active one)')
    .option('--config-path <dir...>', 'directories whose files must be identical on the servers (default /etc/asterisk)')
    .option('--timeout <ms>', 'per-command timeout in milliseconds')
    .option('--simulate', 'answer from in-process stand-ins consistent with the model (no network at all)')
    .option('--simulate-down <server...>', 'with --simulate: these servers are down')
    .option('--json', 'print one JSON document')
    .action(async (path: string | undefined, opts: { cluster?: string; server?: string; configPath?: string[]; timeout?: string; simulate?: boolean; simulateDown?: string[]; json?: boolean }) => {
      const model = await loadModelFor(ctx, path, 3);
      if (opts.cluster !== undefined && !model.clusters.some((c) => c.id === opts.cluster)) throw new CommandFailure(`--cluster: no cluster "${opts.cluster}" in the enterprise`, 3);
      const timeoutMs = parseTimeout(opts.timeout);
      const reports = await verifyEnterprise(model, {
        ...simulation(model, opts),
        ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }),
        ...(opts.configPath === undefined ? {} : { configPaths: opts.configPath }),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      });
      ctx.exitCode = haExitCode(reports);
      if (opts.json === true) {
        printJson(ctx, { exitCode: ctx.exitCode, clusters: reports });
        return;
      }
      for (const r of reports) {
        const view = opts.server ?? r.active ?? r.servers.find((s) => s.role === 'primary')?.id ?? r.servers[0]?.id ?? '';
        ctx.stdout(`== cluster ${r.cluster}: ${r.state}\n${renderSipHa(r, view)}`);
        ctx.stdout(formatDiagnostics(ctx, r.diagnostics));
        ctx.stdout('\n');
      }
    });

  ha.command('whatif')
    .description('what happens if a server goes down, a cluster is isolated or a site loses its link (no network access)')
    .argument('[path]', 'enterprise file or directory (default: $ACM_ENTERPRISE)')
    .option('--down <server>', 'a server goes down')
    .option('--isolate <cluster>', 'a cluster is cut off from the rest')
    .option('--site-down <site>', "a site's WAN link goes down")
    .option('--json', 'print one JSON document')
    .action(async (path: string | undefined, opts: { down?: string; isolate?: string; siteDown?: string; json?: boolean }) => {
      const given = [opts.down, opts.isolate, opts.siteDown].filter((x) => x !== undefined);
      if (given.length !== 1) throw new UsageError('give exactly one of --down <server>, --isolate <cluster>, --site-down <site>');
      const scenario: WhatIfScenario = opts.down !== undefined ? { kind: 'server-down', server: opts.down } : opts.isolate !== undefined ? { kind: 'cluster-isolated', cluster: opts.isolate } : { kind: 'site-link-down', site: opts.siteDown as string };
      const model = await loadModelFor(ctx, path, 2);
      const result = whatIf(model, scenario);
      if (result.unknown !== undefined) throw new UsageError(`no ${result.unknown} in the enterprise`);
      ctx.exitCode = 0;
      if (opts.json === true) printJson(ctx, result);
      else ctx.stdout(renderWhatIf(result));
    });
}
