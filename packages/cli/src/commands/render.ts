import type { Command } from 'commander';
import { formatDiagnostics, printJson, table, withWorkspace, type CliContext } from '../output.js';

/** `acm render [path] --out <dir>`: every server's files, the number plan, provisioning and DNS. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('render')
    .description('render the files every server runs (Asterisk, OpenSIPS SQL, provisioning, DNS) into a directory')
    .argument('[path]', 'enterprise file or directory (default: the store\'s enterprise)')
    .requiredOption('--out <dir>', 'output directory: <dir>/<cluster>/<server>/etc/asterisk/...')
    .option('--cluster <id...>', 'only these clusters')
    .option('--templates <dir>', 'site customisation root (clusters/<id>/, sites/<id>/)')
    .option('--force', 'render even when validation reports errors (journaled when from the store)')
    .option('--db <url>', 'without a path: the store')
    .option('--json', 'print one JSON document')
    .action(async (path: string | undefined, opts: { out: string; cluster?: string[]; templates?: string; force?: boolean; json?: boolean; db?: string }) => {
      const r = await withWorkspace(ctx, opts, (ws) => ws.render({
        ...(path === undefined ? {} : { path }),
        out: opts.out,
        ...(opts.cluster === undefined ? {} : { clusters: opts.cluster }),
        ...(opts.templates === undefined ? {} : { templates: opts.templates }),
        force: opts.force === true,
      }));
      ctx.exitCode = 0;
      if (opts.json === true) {
        printJson(ctx, { ...r, forced: r.forced.length > 0, forcedErrors: r.forced });
        return;
      }
      ctx.stdout(table(['cluster', 'files', 'bytes'], [...r.clusters.map((c) => [c.cluster, c.files, c.bytes]), ['total', r.total.files, r.total.bytes]]));
      if (r.diagnostics.length > 0) ctx.stdout(formatDiagnostics(ctx, r.diagnostics));
      ctx.stdout(`rendered into ${r.out}${r.forced.length > 0 ? ` (forced past ${r.forced.length} validation errors)` : ''}\n`);
    });
}
