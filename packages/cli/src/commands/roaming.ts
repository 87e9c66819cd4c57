import { countBySeverity, loadEnterprise, roamingView, withSources } from '@acm/core';
import type { Command } from 'commander';
import { formatDiagnostics, printJson, table, type CliContext } from '../output.js';

/** `acm roaming <path>`: numbers on several clusters, where voicemail lives, names, flags. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('roaming')
    .description('numbers present on several clusters: owners, voicemail, names, and roaming problems')
    .argument('<path>', 'enterprise file or directory')
    .option('--json', 'print one JSON document')
    .action(async (path: string, opts: { json?: boolean }) => {
      const loaded = await loadEnterprise(path);
      if (loaded.enterprise === undefined) {
        ctx.exitCode = 2;
        ctx.stdout(formatDiagnostics(ctx, withSources(loaded.diagnostics, loaded)));
        return;
      }
      const view = roamingView(loaded.enterprise);
      const diagnostics = withSources([...view.diagnostics], loaded);
      ctx.exitCode = countBySeverity(diagnostics).error > 0 ? 1 : 0;
      if (opts.json === true) {
        printJson(ctx, { path, numbers: view.numbers.map(({ diagnostics: _d, ...n }) => n), diagnostics });
        return;
      }
      const rows = view.numbers.flatMap((n) => n.entries.map((x) => [
        x.group ?? x.kind, x.cluster, n.number, x.roaming ? 'dundi' : x.standardNumber ? 'standard' : '-', x.voicemail ?? '', x.name,
        n.diagnostics.filter((d) => d.data.cluster === x.cluster).map((d) => d.code.replace('roaming.', '')).join(' '),
      ]));
      ctx.stdout(table(['group', 'cluster', 'extension', 'roaming', 'voicemail', 'user name', 'flags'], rows));
      if (diagnostics.length > 0) ctx.stdout(formatDiagnostics(ctx, diagnostics));
      ctx.stdout(`${path}: ${view.numbers.length} numbers on several clusters, ${diagnostics.length} findings\n`);
    });
}
