import { checkEnterprise, countBySeverity, summarizeEnterprise } from '@acm/core';
import type { Command } from 'commander';
import { atLeast, formatDiagnostics, parseSeverity, printJson, type CliContext } from '../output.js';

/** `acm validate <path>`: model and conflict checks, grouped output, exit 0/1/2. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('check an enterprise (file or directory of YAML/JSON): structure, references, values, conflicts')
    .argument('<path>', 'enterprise file or directory')
    .option('--json', 'print one JSON document')
    .option('--min-severity <severity>', 'report only findings at or above: error, warning, info', 'info')
    .action(async (path: string, opts: { json?: boolean; minSeverity: string }) => {
      const min = parseSeverity(opts.minSeverity);
      const result = await checkEnterprise(path);
      const shown = atLeast(result.diagnostics, min);
      const counts = countBySeverity(result.diagnostics);
      ctx.exitCode = result.unreadable ? 2 : counts.error > 0 ? 1 : 0;
      const summary = result.enterprise === undefined ? undefined : summarizeEnterprise(result.enterprise);
      if (opts.json === true) {
        printJson(ctx, { path, files: result.loaded.files, valid: counts.error === 0 && !result.unreadable, counts, summary, diagnostics: shown });
        return;
      }
      ctx.stdout(formatDiagnostics(ctx, shown));
      const what = summary === undefined ? 'could not be read' : `${summary.counts.sites} sites, ${summary.counts.clusters} clusters, ${summary.counts.extensions} extensions, ${summary.counts.trunks} trunks`;
      ctx.stdout(`${path}: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} notes (${what})\n`);
    });
}
