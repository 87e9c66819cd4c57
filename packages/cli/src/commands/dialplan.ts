import type { Command } from 'commander';
import { formatDiagnostics, printJson, UsageError, withWorkspace, type CliContext } from '../output.js';
import { countBySeverity } from '@acm/sdk';

/** `acm dialplan classify|check`: the proxy number plan (OpenSIPS dialplan) of an enterprise. */
export function register(program: Command, ctx: CliContext): void {
  const dialplan = program.command('dialplan').description('the proxy number plan (OpenSIPS dialplan): classify numbers, check the rules');
  dialplan
    .command('classify')
    .description('how dp_translate classifies a number: the rule that wins, its attrs and the translated number')
    .argument('<number>', 'the dialled number')
    .argument('<path>', 'enterprise file or directory')
    .option('--dpid <n>', 'dialplan id', '0')
    .option('--json', 'print one JSON document')
    .action(async (number: string, path: string, opts: { dpid: string; json?: boolean }) => {
      const dpid = Number(opts.dpid);
      if (opts.dpid.trim() === '' || !Number.isInteger(dpid) || dpid < 0) throw new UsageError(`--dpid: "${opts.dpid}" is not a dialplan id (a whole number >= 0)`);
      const result = await withWorkspace(ctx, {}, (ws) => ws.classify(number, { path, dpid }));
      ctx.exitCode = result.status === 'translated' ? 0 : 1;
      if (opts.json === true) {
        printJson(ctx, { number, dpid, ...result });
        return;
      }
      if (result.status === 'no-match') ctx.stdout(`${number}: no rule of dpid ${dpid} matches: dp_translate fails (the proxy answers 420 Invalid Destination)\n`);
      else if (result.status === 'translate-failed') ctx.stdout(`${number}: rule ${result.rule.id} (${result.attrs}) matches but its substitution fails\n`);
      else ctx.stdout(`${number}: rule ${result.rule.id} (pr ${result.rule.pr}, ${result.rule.matchExp}) -> ${result.output}  attrs=${result.attrs}\n`);
    });
  dialplan
    .command('check')
    .description('analyse the number plan: regexes that will not load, shadowed rules, overlaps with the winner, gaps')
    .argument('<path>', 'enterprise file or directory')
    .option('--json', 'print one JSON document')
    .action(async (path: string, opts: { json?: boolean }) => {
      const diagnostics = await withWorkspace(ctx, {}, (ws) => ws.checkNumberPlan({ path }));
      const counts = countBySeverity(diagnostics);
      ctx.exitCode = counts.error > 0 ? 1 : 0;
      if (opts.json === true) printJson(ctx, { path, counts, diagnostics });
      else ctx.stdout(`${formatDiagnostics(ctx, diagnostics)}${path}: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} notes in the number plan\n`);
    });
}
