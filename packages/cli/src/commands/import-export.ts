import { resolve } from 'node:path';
import { countBySeverity, loadEnterprise, serializeEnterprise, validate, withSources, writeFileAtomic } from '@acm/core';
import type { Command } from 'commander';
import { CommandFailure, UsageError, formatDiagnostics, printJson, type CliContext } from '../output.js';
import { actorOf, dbOptions, withStore, type DbOptions } from './db.js';

/** `acm import <path>` and `acm export <file>`: an enterprise file into the store and back (byte-identical for a saved file). */
export function register(program: Command, ctx: CliContext): void {
  dbOptions(program.command('import').description('replace the store\'s enterprise with a file or directory of YAML/JSON').argument('<path>', 'enterprise file or directory'))
    .option('--actor <name>', 'who the journal records (default $ACM_ACTOR or the OS user)')
    .action(async (path: string, opts: DbOptions) => {
      const loaded = await loadEnterprise(resolve(ctx.cwd, path));
      const readErrors = loaded.diagnostics.filter((d) => d.severity === 'error');
      if (loaded.enterprise === undefined || readErrors.length > 0) {
        if (opts.json === true) printJson(ctx, { imported: false, diagnostics: loaded.diagnostics });
        else ctx.stderr(formatDiagnostics(ctx, withSources(loaded.diagnostics, loaded)));
        ctx.exitCode = 2;
        return;
      }
      const enterprise = loaded.enterprise;
      const result = await withStore(ctx, opts, (store) => store.importEnterprise(enterprise, { actor: actorOf(ctx, opts) }));
      const counts = countBySeverity(validate(enterprise));
      if (!result.ok) {
        if (opts.json === true) printJson(ctx, { imported: false, diagnostics: result.diagnostics });
        else ctx.stderr(formatDiagnostics(ctx, result.diagnostics));
        ctx.exitCode = 1;
        return;
      }
      if (opts.json === true) printJson(ctx, { imported: true, extensions: enterprise.extensions.length, clusters: enterprise.clusters.length, validation: counts });
      else ctx.stdout(`imported ${path}: ${enterprise.clusters.length} clusters, ${enterprise.extensions.length} extensions (${counts.error} errors, ${counts.warning} warnings: see acm validate)\n`);
    });

  dbOptions(program.command('export').description('write the store\'s enterprise to a YAML or JSON file (- for stdout)').argument('<file>', 'output file (.yaml, .yml or .json) or -'))
    .option('--format <format>', 'yaml or json (default from the file extension)')
    .action(async (file: string, opts: DbOptions & { format?: string }) => {
      if (file === '-' && opts.json === true) throw new UsageError('--json: export to - writes the enterprise itself to stdout; give a file to get a JSON report');
      const format = opts.format ?? (file.endsWith('.json') ? 'json' : 'yaml');
      if (format !== 'yaml' && format !== 'json') throw new UsageError(`--format: expected yaml or json, got ${JSON.stringify(format)}`);
      const enterprise = await withStore(ctx, opts, (store) => store.exportEnterprise());
      if (enterprise === undefined) throw new CommandFailure('the store holds no enterprise: run acm import <file> first');
      const text = serializeEnterprise(enterprise, format);
      if (file === '-') ctx.stdout(text);
      else {
        await writeFileAtomic(resolve(ctx.cwd, file), text);
        if (opts.json === true) printJson(ctx, { file, format, bytes: Buffer.byteLength(text) });
        else ctx.stdout(`wrote ${file} (${enterprise.extensions.length} extensions)\n`);
      }
    });
}
