import { checkEnterpriseHealth, renderEnterpriseHealth } from '@acm/ha';
import type { Command } from 'commander';
import { CommandFailure, formatDiagnostics, printJson, type CliContext } from '../output.js';
import { loadModelFor, simulation } from './ha.js';

function percent(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new CommandFailure(`${name}: "${value}" is not a percentage`, 3);
  return n;
}

/** `acm health`: the guide's status of the enterprise, with monitoring exit codes. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('health')
    .description('status of the enterprise per cluster: service, routing, Asterisk, server, reporting, ITSP; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN')
    .argument('[path]', 'enterprise file or directory (default: $ACM_ENTERPRISE)')
    .option('--skip-replication', 'do not connect to MySQL (the reporting cells are not monitored)')
    .option('--disk-warn <percent>', 'disk use warning threshold', '80')
    .option('--disk-crit <percent>', 'disk use critical threshold', '90')
    .option('--jail <name...>', 'fail2ban jails that must be active')
    .option('--chain <name...>', 'iptables chains that must exist and be used')
    .option('--simulate', 'read in-process stand-ins of the servers (no network at all; replication is not monitored)')
    .option('--simulate-down <server...>', 'with --simulate: these servers are down')
    .option('--json', 'print one JSON document')
    .action(async (path: string | undefined, opts: { skipReplication?: boolean; diskWarn: string; diskCrit: string; jail?: string[]; chain?: string[]; simulate?: boolean; simulateDown?: string[]; json?: boolean }) => {
      const diskWarn = percent('--disk-warn', opts.diskWarn);
      const diskCrit = percent('--disk-crit', opts.diskCrit);
      if (diskWarn >= diskCrit) throw new CommandFailure(`--disk-warn (${diskWarn}) must be below --disk-crit (${diskCrit})`, 3);
      const model = await loadModelFor(ctx, path, 3);
      const result = await checkEnterpriseHealth(model, {
        thresholds: { diskWarn, diskCrit, ...(opts.jail === undefined ? {} : { jails: opts.jail }), ...(opts.chain === undefined ? {} : { chains: opts.chain }) },
        ...simulation(model, opts),
        // No MySQL stand-in here yet: a simulation must not connect to the model's addresses.
        skipReplication: opts.skipReplication === true || opts.simulate === true,
        // The CLI reads no AMI figures yet (@acm/sdk will feed them from the poller): say so,
        // rather than leave every ITSP cell UNKNOWN and the exit code 3 on a healthy enterprise.
        itsp: 'not-monitored',
      });
      ctx.exitCode = result.health.exitCode;
      if (opts.json === true) {
        printJson(ctx, { exitCode: ctx.exitCode, level: result.health.level, clusters: result.health.clusters, diagnostics: result.health.diagnostics });
        return;
      }
      ctx.stdout(renderEnterpriseHealth(result.health));
      ctx.stdout(formatDiagnostics(ctx, result.health.diagnostics));
    });
}
