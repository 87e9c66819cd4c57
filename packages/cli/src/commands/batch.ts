import { loadEnterprise, planBatch, withSources } from '@acm/core';
import type { Command } from 'commander';
import { formatDiagnostics, printJson, table, type CliContext } from '../output.js';

/** `acm batch plan <path> --group G --cluster C --from N --to M`: what a batch would create, VALID or INVALID. */
export function register(program: Command, ctx: CliContext): void {
  const batch = program.command('batch').description('batches of extensions from a group template');
  batch
    .command('plan')
    .description('plan a batch of extensions and check it with the same rules as a single edit (nothing is saved)')
    .argument('<path>', 'enterprise file or directory')
    .requiredOption('--group <group>', 'group whose template the new extensions follow')
    .requiredOption('--cluster <cluster>', 'cluster to create them on')
    .requiredOption('--from <number>', 'first number')
    .requiredOption('--to <number>', 'last number')
    .option('--json', 'print one JSON document')
    .action(async (path: string, opts: { group: string; cluster: string; from: string; to: string; json?: boolean }) => {
      const loaded = await loadEnterprise(path);
      if (loaded.enterprise === undefined) {
        ctx.exitCode = 2;
        ctx.stdout(formatDiagnostics(ctx, withSources(loaded.diagnostics, loaded)));
        return;
      }
      const plan = planBatch(loaded.enterprise, { group: opts.group, cluster: opts.cluster, from: opts.from, to: opts.to });
      const diagnostics = withSources([...plan.diagnostics], loaded);
      ctx.exitCode = plan.status === 'VALID' ? 0 : 1;
      // Secrets and PINs never leave the SDK through the CLI: they are generated again on submit.
      const extensions = plan.extensions.map(({ secret: _s, voicemail, ...x }) => ({ ...x, ...(voicemail === undefined ? {} : { voicemail: { box: voicemail.box, ...(voicemail.email === undefined ? {} : { email: voicemail.email }) } }) }));
      if (opts.json === true) {
        printJson(ctx, { path, status: plan.status, request: plan.request, rightsProfile: plan.rightsProfile ?? null, extensions, diagnostics });
        return;
      }
      ctx.stdout(table(['extension', 'cluster', 'group', 'name', 'voicemail', 'rights'], extensions.map((x) => [x.number, x.cluster, x.group, x.name, x.voicemail?.box ?? '', plan.rightsProfile ?? ''])));
      if (diagnostics.length > 0) ctx.stdout(formatDiagnostics(ctx, diagnostics));
      ctx.stdout(plan.status === 'VALID' ? `TEMPLATE IS VALID: ${extensions.length} extensions\n` : 'INVALID\n');
    });
}
