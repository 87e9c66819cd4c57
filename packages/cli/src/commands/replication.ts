import { renderReplicationReport } from '@acm/sdk';
import type { Command } from 'commander';
import { formatDiagnostics, parseNumber, printJson, withWorkspace, type CliContext } from '../output.js';
import { modelPath, monitoring } from './monitoring.js';

/** `acm replication check`: the declared MySQL topologies against what the servers report. */
export function register(program: Command, ctx: CliContext): void {
  const replication = program.command('replication').description('MySQL/MariaDB replication: master-slave, master-master and rings');
  replication
    .command('check')
    .description('compare each declared topology with the servers; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN')
    .argument('[path]', 'enterprise file or directory (default: $ACM_ENTERPRISE, else the store\'s)')
    .option('--topology <id>', 'only this topology')
    .option('--heartbeat', 'also write a heartbeat row on each writer and time its arrival on the others')
    .option('--heartbeat-timeout <ms>', 'with --heartbeat: how long to wait for the rows (the check ends as soon as all arrived)', '3000')
    .option('--max-lag <seconds>', 'Seconds_Behind_Master above this is a warning', '30')
    .option('--simulate', 'check simulated MySQL servers answering as the topology declares (no connection to a model address)')
    .option('--db <url>', 'without a path: the store')
    .option('--json', 'print one JSON document')
    .action(async (path: string | undefined, opts: { topology?: string; heartbeat?: boolean; heartbeatTimeout: string; maxLag: string; simulate?: boolean; db?: string; json?: boolean }) => {
      await monitoring(ctx, opts.json, async () => {
        const r = await withWorkspace(ctx, opts, (ws) => ws.replication({
          ...modelPath(ctx, path),
          ...(opts.topology === undefined ? {} : { topology: opts.topology }),
          heartbeat: opts.heartbeat === true,
          heartbeatTimeoutMs: parseNumber('--heartbeat-timeout', opts.heartbeatTimeout),
          maxLagSeconds: parseNumber('--max-lag', opts.maxLag),
          simulate: opts.simulate === true,
        }));
        ctx.exitCode = r.exitCode;
        if (opts.json === true) {
          printJson(ctx, { exitCode: r.exitCode, topologies: r.topologies });
          return;
        }
        for (const t of r.topologies) {
          ctx.stdout(renderReplicationReport(t));
          ctx.stdout(formatDiagnostics(ctx, t.diagnostics));
          ctx.stdout('\n');
        }
      });
    });
}
