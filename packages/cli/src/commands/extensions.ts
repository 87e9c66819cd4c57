import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { writeFileAtomic } from '@acm/sdk';
import type { Command } from 'commander';
import { CommandFailure, UsageError, formatDiagnostics, printJson, storeOptions, table, withWorkspace, type CliContext } from '../output.js';

/** Reads a file, or standard input for `-`. */
async function readInput(ctx: CliContext, file: string): Promise<string> {
  try {
    if (file !== '-') return await readFile(resolve(ctx.cwd, file), 'utf8');
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** `acm extensions import|export <csv>`: bulk changes as CSV (ACM or FreePBX Bulk Handler columns), all or nothing. */
export function register(program: Command, ctx: CliContext): void {
  const ext = program.command('extensions').description('bulk import and export of extensions as CSV');
  storeOptions(ext.command('import').description('add, edit and delete extensions from a CSV file (action column: add, edit, del); all or nothing').argument('<csv>', 'CSV file, or - for standard input'))
    .option('--cluster <id>', 'cluster for rows without a cluster column (FreePBX files)')
    .option('--group <id>', 'group for added rows without a group column')
    .option('--dry-run', 'validate every row, change nothing')
    .option('--force', 'write despite validation errors (journaled)')
    .option('--actor <name>', 'who the journal records')
    .action(async (file: string, opts: { json?: boolean; cluster?: string; group?: string; dryRun?: boolean; force?: boolean }) => {
      const text = await readInput(ctx, file);
      const result = await withWorkspace(ctx, opts, (ws) => ws.importExtensionsCsv(text, {
        file: file === '-' ? 'stdin' : basename(file),
        ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }),
        ...(opts.group === undefined ? {} : { group: opts.group }),
        dryRun: opts.dryRun === true,
        force: opts.force === true,
      }));
      ctx.exitCode = 0;
      if (opts.json === true) {
        printJson(ctx, result);
        return;
      }
      if (result.diagnostics.length > 0) ctx.stdout(formatDiagnostics(ctx, result.diagnostics));
      ctx.stdout(`${file}: ${opts.dryRun === true ? 'would apply' : 'applied'} ${result.added} added, ${result.edited} edited, ${result.deleted} deleted\n`);
    });
  storeOptions(ext.command('export').description('write extensions as CSV (ACM columns; secrets left out unless --with-secrets)').argument('<csv>', 'CSV file, or - for stdout'))
    .option('--cluster <id>', 'only this cluster')
    .option('--with-secrets', 'include SIP secrets and voicemail PINs (administrators)')
    .action(async (file: string, opts: { json?: boolean; cluster?: string; withSecrets?: boolean }) => {
      const csv = await withWorkspace(ctx, opts, (ws) => ws.exportExtensionsCsv({ ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }), withSecrets: opts.withSecrets === true }));
      if (file === '-') {
        ctx.stdout(csv);
        return;
      }
      try {
        await writeFileAtomic(resolve(ctx.cwd, file), csv);
      } catch (e) {
        throw new CommandFailure(`extensions export: ${(e as Error).message}`);
      }
      const rows = csv.split('\n').length - 2;
      if (opts.json === true) printJson(ctx, { file, rows });
      else ctx.stdout(`wrote ${file} (${rows} extensions)\n`);
    });
  ext.command('show')
    .description('the effective settings of an extension: each with where it came from (the extension, its group template, the default)')
    .argument('<key>', 'cluster/number, e.g. tpa1/6101')
    .argument('[path]', 'enterprise file or directory (default: the store\'s)')
    .option('--db <url>', 'without a path: the store')
    .option('--json', 'print one JSON document')
    .action(async (key: string, path: string | undefined, opts: { json?: boolean; db?: string }) => {
      const r = await withWorkspace(ctx, opts, (ws) => ws.resolvedSettings(key, path === undefined ? {} : { path }));
      if (opts.json === true) {
        printJson(ctx, r);
        return;
      }
      const rows = Object.entries(r)
        .filter(([, v]) => typeof v === 'object' && v !== null && 'from' in v)
        .map(([name, v]) => {
          const { value, from } = v as { value: unknown; from: string };
          return [name, value === undefined ? '-' : typeof value === 'object' ? JSON.stringify(value) : String(value), from];
        });
      ctx.stdout(`${key} (${r.extension.name}, group ${r.extension.group}${r.group === undefined ? ': NO SUCH GROUP' : ''})\n`);
      ctx.stdout(table(['setting', 'value', 'from'], rows));
    });
}
