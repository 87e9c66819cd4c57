import { renderEnterpriseHealth } from '@acm/sdk';
import type { Command } from 'commander';
import { UsageError, formatDiagnostics, printJson, withWorkspace, type CliContext } from '../output.js';
import { AcmError } from '@acm/sdk';
import { modelPath, monitoring, percent } from './monitoring.js';

/** `acm health`: the guide's status of the enterprise, with monitoring exit codes. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('health')
    .description('status of the enterprise per cluster: service, routing, Asterisk, server, reporting, ITSP; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN')
    .argument('[path]', 'enterprise file or directory (default: $ACM_ENTERPRISE, else the store\'s)')
    .option('--skip-replication', 'do not connect to MySQL')
    .option('--disk-warn <percent>', 'disk use warning threshold', '80')
    .option('--disk-crit <percent>', 'disk use critical threshold', '90')
    .option('--jail <name...>', 'fail2ban jails that must be active')
    .option('--chain <name...>', 'iptables chains that must exist and be used')
    .option('--simulate', 'check stand-ins of the servers (in-process hosts, MySQL and AMI simulators on loopback) instead of the servers')
    .option('--simulate-down <server...>', 'with --simulate: these servers are down')
    .option('--db <url>', 'the store (its enterprise without a path, and the poller\'s ITSP figures)')
    .option('--json', 'print one JSON document')
    .action(async (path: string | undefined, opts: { skipReplication?: boolean; diskWarn: string; diskCrit: string; jail?: string[]; chain?: string[]; simulate?: boolean; simulateDown?: string[]; db?: string; json?: boolean }) => {
      // Planted faults without --simulate would mean the real servers: refuse before anything connects.
      if (opts.simulateDown !== undefined && opts.simulate !== true) throw new UsageError('--simulate-down needs --simulate');
      await monitoring(ctx, opts.json, async () => {
        const diskWarn = percent('--disk-warn', opts.diskWarn);
        const diskCrit = percent('--disk-crit', opts.diskCrit);
        if (diskWarn >= diskCrit) throw new AcmError('usage', `--disk-warn (${diskWarn}) must be below --disk-crit (${diskCrit})`);
        const r = await withWorkspace(ctx, opts, (ws) => ws.health({
          ...modelPath(ctx, path),
          thresholds: { diskWarn, diskCrit, ...(opts.jail === undefined ? {} : { jails: opts.jail }), ...(opts.chain === undefined ? {} : { chains: opts.chain }) },
          skipReplication: opts.skipReplication === true,
          simulate: opts.simulate === true,
          ...(opts.simulateDown === undefined ? {} : { faults: { down: opts.simulateDown } }),
        }));
        ctx.exitCode = r.health.exitCode;
        if (opts.json === true) {
          printJson(ctx, { exitCode: ctx.exitCode, level: r.health.level, itspSource: r.itspSource, clusters: r.health.clusters, diagnostics: r.health.diagnostics });
          return;
        }
        ctx.stdout(renderEnterpriseHealth(r.health));
        ctx.stdout(formatDiagnostics(ctx, r.health.diagnostics));
      });
    });
}
