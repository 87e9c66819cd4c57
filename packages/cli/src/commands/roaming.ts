import { countBySeverity } from '@acm/sdk';
import type { Command } from 'commander';
import { formatDiagnostics, printJson, table, withWorkspace, type CliContext } from '../output.js';

/** `acm roaming [path]`: numbers on several clusters, where voicemail lives, names, flags. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('roaming')
    .description('numbers present on several clusters: owners, voicemail, names, and roaming problems')
    .argument('[path]', 'enterprise file or directory (default: the store\'s enterprise)')
    .option('--db <url>', 'without a path: the store')
    .option('--json', 'print one JSON document')
    .action(async (path: string | undefined, opts: { json?: boolean; db?: string }) => {
      const view = await withWorkspace(ctx, opts, (ws) => ws.roaming(path === undefined ? {} : { path }));
      ctx.exitCode = countBySeverity(view.diagnostics).error > 0 ? 1 : 0;
      if (opts.json === true) {
        printJson(ctx, { path: path ?? null, numbers: view.numbers, diagnostics: view.diagnostics });
        return;
      }
      const rows = view.perNumber.flatMap((n) => n.entries.map((x) => [
        x.group ?? x.kind, x.cluster, n.number, x.roaming ? 'dundi' : x.standardNumber ? 'standard' : '-', x.voicemail ?? '', x.name,
        n.diagnostics.filter((d) => d.data.cluster === x.cluster).map((d) => d.code.replace('roaming.', '')).join(' '),
      ]));
      ctx.stdout(table(['group', 'cluster', 'extension', 'roaming', 'voicemail', 'user name', 'flags'], rows));
      if (view.diagnostics.length > 0) ctx.stdout(formatDiagnostics(ctx, view.diagnostics));
      ctx.stdout(`${path ?? 'store'}: ${view.numbers.length} numbers on several clusters, ${view.diagnostics.length} findings\n`);
    });
}
