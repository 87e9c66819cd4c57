import { fileURLToPath } from 'node:url';
import { checkEnterprise, countBySeverity, summarizeEnterprise } from '@acm/core';
import type { Command } from 'commander';
import { formatDiagnostics, printJson, table, type CliContext } from '../output.js';

/** The demo enterprise shipped in the repository (examples/enterprise). */
export const DEMO_ENTERPRISE = fileURLToPath(new URL('../../../../examples/enterprise', import.meta.url));

/** `acm demo`: the main job on the demo enterprise: validate it and print what it holds. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('run the main job on the demo enterprise (examples/enterprise): validate and summarise')
    .argument('[path]', 'enterprise file or directory', DEMO_ENTERPRISE)
    .option('--json', 'print one JSON document')
    .action(async (path: string, opts: { json?: boolean }) => {
      const result = await checkEnterprise(path);
      const counts = countBySeverity(result.diagnostics);
      ctx.exitCode = result.unreadable ? 2 : counts.error > 0 ? 1 : 0;
      if (result.enterprise === undefined) {
        if (opts.json === true) printJson(ctx, { path, diagnostics: result.diagnostics });
        else ctx.stdout(formatDiagnostics(ctx, result.diagnostics));
        return;
      }
      const summary = summarizeEnterprise(result.enterprise);
      if (opts.json === true) {
        printJson(ctx, { path, summary, counts, diagnostics: result.diagnostics });
        return;
      }
      ctx.stdout(`${summary.name} (${summary.topology} topology): ${summary.counts.sites} sites, ${summary.counts.clusters} clusters\n\n`);
      ctx.stdout(
        table(
          ['cluster', 'site', 'servers', 'extensions', 'trunks', 'queues', 'hot desks', 'conferences'],
          summary.clusters.map((c) => [c.cluster, c.site, c.servers, c.extensions, c.trunks, c.queues, c.hotDesks, c.conferences]),
        ),
      );
      ctx.stdout(`\n${formatDiagnostics(ctx, result.diagnostics)}`);
      ctx.stdout(`validation: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} notes\n`);
    });
}
