import type { Command } from 'commander';
import { atLeast, formatDiagnostics, parseSeverity, printJson, withWorkspace, type CliContext } from '../output.js';

/** `acm validate [path]`: model and conflict checks of files (or of the store's model), grouped output, exit 0/1/2. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('check an enterprise (file or directory of YAML/JSON, or the store\'s without a path): structure, references, values, conflicts')
    .argument('[path]', 'enterprise file or directory (default: the store\'s enterprise)')
    .option('--db <url>', 'without a path: the store (default: $ACM_DATABASE_URL, then acm.config.yaml, then ./acm.db)')
    .option('--json', 'print one JSON document')
    .option('--min-severity <severity>', 'report only findings at or above: error, warning, info', 'info')
    .action(async (path: string | undefined, opts: { json?: boolean; minSeverity: string; db?: string }) => {
      const min = parseSeverity(opts.minSeverity);
      const report = await withWorkspace(ctx, opts, (ws) => ws.check(path === undefined ? {} : { path }));
      const shown = atLeast(report.diagnostics, min);
      ctx.exitCode = report.unreadable ? 2 : report.counts.error > 0 ? 1 : 0;
      if (opts.json === true) {
        printJson(ctx, { path: path ?? null, source: report.source, files: report.files, valid: report.valid, counts: report.counts, summary: report.summary ?? null, diagnostics: shown });
        return;
      }
      ctx.stdout(formatDiagnostics(ctx, shown));
      const s = report.summary;
      const what = s === undefined ? 'could not be read' : `${s.counts.sites} sites, ${s.counts.clusters} clusters, ${s.counts.extensions} extensions, ${s.counts.trunks} trunks`;
      ctx.stdout(`${path ?? report.source}: ${report.counts.error} errors, ${report.counts.warning} warnings, ${report.counts.info} notes (${what})\n`);
    });
}
