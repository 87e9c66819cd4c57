import type { Command } from 'commander';
import { paint, printJson, storeOptions, withWorkspace, type CliContext } from '../output.js';

/** `acm changes [--cluster C]`: the journal entries waiting for each cluster's next commit (secrets masked). */
export function register(program: Command, ctx: CliContext): void {
  storeOptions(program.command('changes').description('changes waiting: journal entries since each cluster\'s last deployment'))
    .option('--cluster <id>', 'only this cluster')
    .action(async (opts: { json?: boolean; cluster?: string }) => {
      const waiting = await withWorkspace(ctx, opts, (ws) => ws.changes(opts.cluster));
      if (opts.json === true) {
        printJson(ctx, { clusters: waiting });
        return;
      }
      for (const w of waiting) {
        const since = w.lastDeployment === null ? 'never deployed' : `since deployment #${w.lastDeployment}`;
        ctx.stdout(`${paint(ctx, 'bold', w.cluster)}: ${w.entries.length === 0 ? 'up to date' : `${w.entries.length} change(s) waiting`} (${since})\n`);
        for (const e of w.entries) ctx.stdout(`  #${e.id} ${e.at} ${e.actor} ${e.action} ${e.collection} ${e.key}\n`);
      }
    });
}
