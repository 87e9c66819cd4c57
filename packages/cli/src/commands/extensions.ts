import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { exportExtensionsCsv, importExtensionsCsv, writeFileAtomic } from '@acm/core';
import type { Command } from 'commander';
import { UsageError, formatDiagnostics, printJson, type CliContext } from '../output.js';
import { actorOf, dbOptions, withStore, type DbOptions } from './db.js';

/** `acm extensions import|export <csv>`: bulk changes as CSV (ACM or FreePBX Bulk Handler columns), all or nothing. */
export function register(program: Command, ctx: CliContext): void {
  const ext = program.command('extensions').description('bulk import and export of extensions as CSV');
  dbOptions(ext.command('import').description('add, edit and delete extensions from a CSV file (action column: add, edit, del); all or nothing').argument('<csv>', 'CSV file'))
    .option('--cluster <id>', 'cluster for rows without a cluster column (FreePBX files)')
    .option('--group <id>', 'group for added rows without a group column')
    .option('--dry-run', 'validate every row, change nothing')
    .option('--actor <name>', 'who the journal records')
    .action(async (file: string, opts: DbOptions & { cluster?: string; group?: string; dryRun?: boolean }) => {
      let text: string;
      try {
        text = await readFile(resolve(ctx.cwd, file), 'utf8');
      } catch (e) {
        throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      const result = await withStore(ctx, opts, (store) => importExtensionsCsv(store, text, {
        file: basename(file),
        ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }),
        ...(opts.group === undefined ? {} : { group: opts.group }),
        dryRun: opts.dryRun === true,
        ...(actorOf(ctx, opts) === undefined ? {} : { actor: actorOf(ctx, opts) as string }),
      }));
      ctx.exitCode = result.ok ? 0 : 1;
      if (opts.json === true) {
        printJson(ctx, result);
        return;
      }
      if (result.diagnostics.length > 0) ctx.stdout(formatDiagnostics(ctx, result.diagnostics));
      const verb = opts.dryRun === true ? 'would apply' : 'applied';
      ctx.stdout(result.ok ? `${file}: ${verb} ${result.added} added, ${result.edited} edited, ${result.deleted} deleted\n` : `${file}: nothing changed (${result.diagnostics.filter((d) => d.severity === 'error').length} errors)\n`);
    });
  dbOptions(ext.command('export').description('write extensions as CSV (ACM columns; secrets left out unless --with-secrets)').argument('<csv>', 'CSV file, or - for stdout'))
    .option('--cluster <id>', 'only this cluster')
    .option('--with-secrets', 'include SIP secrets and voicemail PINs')
    .action(async (file: string, opts: DbOptions & { cluster?: string; withSecrets?: boolean }) => {
      const csv = await withStore(ctx, opts, (store) => exportExtensionsCsv(store, { ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }), includeSecrets: opts.withSecrets === true }));
      if (file === '-') ctx.stdout(csv);
      else {
        await writeFileAtomic(resolve(ctx.cwd, file), csv);
        const rows = csv.split('\n').length - 2;
        if (opts.json === true) printJson(ctx, { file, rows });
        else ctx.stdout(`wrote ${file} (${rows} extensions)\n`);
      }
    });
}
