import type { Command } from 'commander';
import { UsageError, printJson, withWorkspace, type CliContext } from '../output.js';

/** `acm hours <group> [path] [--at T]`: is a group open at a time, and by which business-hours rule. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('hours')
    .description('business hours of service: is a group (or one rule) open at a time, and by which rule (in its site\'s time zone)')
    .argument('<group>', 'group id, or the id of one business-hours rule')
    .argument('[path]', 'enterprise file or directory (default: the store\'s)')
    .option('--at <time>', 'ISO 8601 time (default now), e.g. 2026-12-02T15:00:00Z')
    .option('--cluster <id>', 'the cluster whose rules apply (default: the group\'s)')
    .option('--db <url>', 'without a path: the store')
    .option('--json', 'print one JSON document')
    .action(async (group: string, path: string | undefined, opts: { at?: string; cluster?: string; db?: string; json?: boolean }) => {
      const at = opts.at === undefined ? new Date() : new Date(opts.at);
      const r = await withWorkspace(ctx, opts, (ws) => ws.businessHoursAt(group, at, { ...(path === undefined ? {} : { path }), ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }) }));
      if (r.reason === 'unknown') throw new UsageError(`no group or business-hours rule ${JSON.stringify(group)}`);
      if (opts.json === true) {
        printJson(ctx, { group, at: at.toISOString(), ...r });
        return;
      }
      const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      const local = r.local === undefined ? '' : ` (${hhmm(r.local.minute)} ${r.local.month}/${r.local.day} in ${r.timezone ?? 'UTC'})`;
      ctx.stdout(`${group} at ${at.toISOString()}${local}: ${r.open ? 'OPEN' : 'CLOSED'} (${r.reason}${r.rule === undefined ? '' : `, rule ${r.rule.id}: ${r.rule.function} ${r.rule.startTime}-${r.rule.endTime}`})\n`);
    });
}
