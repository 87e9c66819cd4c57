import type { Command } from 'commander';
import { UsageError, printJson, storeOptions, table, withWorkspace, type CliContext } from '../output.js';

/** `acm journal`: the audit trail: every change, import and force, who and when (secrets masked). */
export function register(program: Command, ctx: CliContext): void {
  storeOptions(program.command('journal').description('the audit trail: every change, import and forced validation, who and when (secrets masked)'))
    .option('--cluster <id>', 'only entries affecting this cluster (its own and enterprise-wide)')
    .option('--limit <n>', 'the newest n entries', '50')
    .action(async (opts: { json?: boolean; cluster?: string; limit: string }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit: "${opts.limit}" is not a positive whole number`);
      const entries = await withWorkspace(ctx, opts, (ws) => ws.journal({ limit, ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }) }));
      if (opts.json === true) {
        printJson(ctx, { entries });
        return;
      }
      ctx.stdout(table(['id', 'at', 'actor', 'action', 'collection', 'key', 'cluster'], entries.map((e) => [e.id, e.at, e.actor, e.action, e.collection, e.key, e.cluster ?? '*'])));
    });
}
