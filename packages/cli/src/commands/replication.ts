import { checkEnterpriseReplication, renderReplicationReport, replicationExitCode } from '@acm/ha';
import type { Command } from 'commander';
import { CommandFailure, formatDiagnostics, printJson, type CliContext } from '../output.js';
import { loadModelFor } from './ha.js';

/** `acm replication check`: the declared MySQL topologies against what the servers report. */
export function register(program: Command, ctx: CliContext): void {
  const replication = program.command('replication').description('MySQL/MariaDB replication: master-slave, master-master and rings');
  replication
    .command('check')
    .description('compare each declared topology with the servers; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN')
    .argument('[path]', 'enterprise file or directory (default: $ACM_ENTERPRISE)')
    .option('--topology <id>', 'only this topology')
    .option('--heartbeat', 'also write a heartbeat row on each writer and time its arrival on the others')
    .option('--max-lag <seconds>', 'Seconds_Behind_Master above this is a warning', '30')
    .option('--json', 'print one JSON document')
    .action(async (path: string | undefined, opts: { topology?: string; heartbeat?: boolean; maxLag: string; json?: boolean }) => {
      const maxLagSeconds = Number(opts.maxLag);
      if (!Number.isFinite(maxLagSeconds) || maxLagSeconds < 0) throw new CommandFailure(`--max-lag: "${opts.maxLag}" is not a number of seconds`, 3);
      const model = await loadModelFor(ctx, path, 3);
      if (model.replication.length === 0) throw new CommandFailure('the enterprise declares no replication topology', 3);
      if (opts.topology !== undefined && !model.replication.some((t) => t.id === opts.topology)) throw new CommandFailure(`--topology: no topology "${opts.topology}"`, 3);
      const reports = await checkEnterpriseReplication(model, {
        maxLagSeconds,
        heartbeat: opts.heartbeat === true,
        ...(opts.topology === undefined ? {} : { topology: opts.topology }),
      });
      ctx.exitCode = replicationExitCode(reports);
      if (opts.json === true) {
        printJson(ctx, { exitCode: ctx.exitCode, topologies: reports });
        return;
      }
      for (const r of reports) {
        ctx.stdout(renderReplicationReport(r));
        ctx.stdout(formatDiagnostics(ctx, r.diagnostics));
        ctx.stdout('\n');
      }
    });
}
