import { migrateStore } from '@acm/sdk';
import type { Command } from 'commander';
import { UsageError, printJson, storeOptions, withWorkspace, workspaceOf, type CliContext } from '../output.js';

/** `acm import <path>` and `acm export <file>`: an enterprise file into the store (through the validation gate) and back. */
export function register(program: Command, ctx: CliContext): void {
  storeOptions(program.command('import').description('replace the store\'s enterprise with a file or directory of YAML/JSON; refused when it has validation errors unless --force').argument('<path>', 'enterprise file or directory'))
    .option('--actor <name>', 'who the journal records (default $ACM_ACTOR or the OS user)')
    .option('--force', 'import despite validation errors (recorded in the journal with who forced it)')
    .option('--dry-run', 'check as the import would, change nothing')
    .action(async (path: string, opts: { json?: boolean; force?: boolean; dryRun?: boolean }) => {
      const r = await withWorkspace(ctx, opts, (ws) => ws.importEnterprise({ path }, { force: opts.force === true, dryRun: opts.dryRun === true }));
      ctx.exitCode = 0;
      if (opts.json === true) {
        printJson(ctx, r);
        return;
      }
      const verb = r.dryRun ? 'would import' : r.unchanged ? 'unchanged' : 'imported';
      const changed = r.unchanged ? 'the store already holds exactly this enterprise' : `${r.changes.added} added, ${r.changes.updated} updated, ${r.changes.removed} removed${r.changes.settings ? ', settings changed' : ''}`;
      ctx.stdout(`${verb} ${path}: ${r.clusters} clusters, ${r.extensions} extensions (${changed}; ${r.validation.error} errors, ${r.validation.warning} warnings)\n`);
      if (r.forced.length > 0) ctx.stdout(`forced past ${r.forced.length} validation error(s): recorded in the journal\n`);
    });

  storeOptions(program.command('export').description('write the store\'s enterprise to a YAML or JSON file (- for stdout)').argument('<file>', 'output file (.yaml, .yml or .json) or -'))
    .option('--format <format>', 'yaml or json (default from the file extension)')
    .action(async (file: string, opts: { json?: boolean; format?: string }) => {
      if (file === '-' && opts.json === true) throw new UsageError('--json: export to - writes the enterprise itself to stdout; give a file to get a JSON report');
      const format = opts.format ?? (file.endsWith('.json') ? 'json' : 'yaml');
      if (format !== 'yaml' && format !== 'json') throw new UsageError(`--format: expected yaml or json, got ${JSON.stringify(format)}`);
      await withWorkspace(ctx, opts, async (ws) => {
        if (file === '-') {
          ctx.stdout(await ws.exportText(format));
          return;
        }
        const r = await ws.exportTo(file, format);
        if (opts.json === true) printJson(ctx, r);
        else ctx.stdout(`wrote ${file} (${r.extensions} extensions)\n`);
      });
    });

  const db = program.commands.find((c) => c.name() === 'db') ?? program.command('db').description('the ACM store (SQLite file or MySQL/MariaDB)');
  storeOptions(db.command('migrate').description('create or upgrade the store\'s tables')).action(async (opts: { json?: boolean }) => {
    const r = await migrateStore((await workspaceOf(ctx, opts)).settings);
    if (opts.json === true) printJson(ctx, r);
    else ctx.stdout(`${r.database}: ${r.applied.length === 0 ? 'up to date' : `applied ${r.applied.join(', ')}`}\n`);
  });
}
