import type { BatchPlanView } from '@acm/sdk';
import type { Command } from 'commander';
import { formatDiagnostics, printJson, storeOptions, table, withWorkspace, type CliContext } from '../output.js';

interface BatchFlags {
  group: string;
  cluster: string;
  from: string;
  to: string;
  json?: boolean;
  dryRun?: boolean;
  force?: boolean;
}

function print(ctx: CliContext, plan: BatchPlanView, json: boolean | undefined, extra: Record<string, unknown> = {}): void {
  if (json === true) {
    printJson(ctx, { ...plan, ...extra });
    return;
  }
  ctx.stdout(table(['extension', 'cluster', 'group', 'name', 'voicemail', 'rights'], plan.extensions.map((x) => [x.number, x.cluster, x.group, x.name, x.voicemail?.box ?? '', plan.rightsProfile ?? ''])));
  if (plan.diagnostics.length > 0) ctx.stdout(formatDiagnostics(ctx, plan.diagnostics));
  ctx.stdout(plan.status === 'VALID' ? `TEMPLATE IS VALID: ${plan.extensions.length} extensions\n` : 'INVALID\n');
}

/** `acm batch plan|submit`: a batch of extensions from a group template, checked like a single edit. */
export function register(program: Command, ctx: CliContext): void {
  const batch = program.command('batch').description('batches of extensions from a group template');
  const range = (c: Command): Command => c
    .requiredOption('--group <group>', 'group whose template the new extensions follow')
    .requiredOption('--cluster <cluster>', 'cluster to create them on')
    .requiredOption('--from <number>', 'first number')
    .requiredOption('--to <number>', 'last number');
  range(batch.command('plan').description('plan a batch of extensions and check it with the same rules as a single edit (nothing is saved)').argument('[path]', 'enterprise file or directory (default: the store\'s)'))
    .option('--db <url>', 'without a path: the store')
    .option('--json', 'print one JSON document')
    .action(async (path: string | undefined, opts: BatchFlags & { db?: string }) => {
      const plan = await withWorkspace(ctx, opts, (ws) => ws.planBatch({ group: opts.group, cluster: opts.cluster, from: opts.from, to: opts.to }, path === undefined ? {} : { path }));
      ctx.exitCode = plan.status === 'VALID' ? 0 : 1;
      print(ctx, plan, opts.json, { path: path ?? null });
    });
  range(storeOptions(batch.command('submit').description('create the batch in the store: one validated, journaled write (secrets and PINs generated)')))
    .option('--dry-run', 'check as the write would, change nothing')
    .option('--force', 'write despite validation errors (journaled)')
    .option('--actor <name>', 'who the journal records')
    .action(async (opts: BatchFlags) => {
      const r = await withWorkspace(ctx, opts, (ws) => ws.submitBatch({ group: opts.group, cluster: opts.cluster, from: opts.from, to: opts.to }, { dryRun: opts.dryRun === true, force: opts.force === true }));
      ctx.exitCode = 0;
      const { write, ...plan } = r;
      print(ctx, plan, opts.json, { write });
      if (opts.json !== true) ctx.stdout(write.dryRun ? 'dry run: nothing written\n' : `created ${plan.extensions.length} extensions (journal #${write.journalIds[0] ?? '-'}..#${write.journalIds.at(-1) ?? '-'})\n`);
    });
}
