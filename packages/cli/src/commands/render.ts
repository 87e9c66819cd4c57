import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { checkEnterprise, countBySeverity, secretBaseDir } from '@acm/core';
import { createSecretResolver, manifestOf, renderEnterprise } from '@acm/render';
import type { Command } from 'commander';
import { CommandFailure, UsageError, formatDiagnostics, printJson, table, type CliContext } from '../output.js';

/** `acm render <path> --out <dir>`: every server's files, the number plan, provisioning and DNS. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('render')
    .description('render the files every server runs (Asterisk, OpenSIPS SQL, provisioning, DNS) into a directory')
    .argument('<path>', 'enterprise file or directory')
    .requiredOption('--out <dir>', 'output directory: <dir>/<cluster>/<server>/etc/asterisk/...')
    .option('--cluster <id...>', 'only these clusters')
    .option('--templates <dir>', 'site customisation root (clusters/<id>/, sites/<id>/)')
    .option('--force', 'render even when validation reports errors, and write the servers that rendered when others could not')
    .option('--json', 'print one JSON document')
    .action(async (path: string, opts: { out: string; cluster?: string[]; templates?: string; force?: boolean; json?: boolean }) => {
      const checked = await checkEnterprise(resolve(ctx.cwd, path));
      if (checked.unreadable || checked.enterprise === undefined) throw new UsageError(`${path}: cannot be read (run acm validate ${path})`);
      const counts = countBySeverity(checked.diagnostics);
      if (counts.error > 0 && opts.force !== true) throw new CommandFailure(`${path}: ${counts.error} validation errors; fix them or use --force (acm validate ${path})`);
      for (const id of opts.cluster ?? []) if (!checked.enterprise.clusters.some((c) => c.id === id)) throw new UsageError(`--cluster ${id}: no such cluster`);
      const result = renderEnterprise(checked.enterprise, {
        secrets: createSecretResolver({ env: ctx.env, baseDir: secretBaseDir(resolve(ctx.cwd, path)) }),
        ...(opts.cluster ? { clusters: opts.cluster } : {}),
        ...(opts.templates ? { templateRoot: resolve(ctx.cwd, opts.templates) } : {}),
      });
      const rootProblem = result.diagnostics.find((d) => d.code === 'render.template-root');
      if (rootProblem) throw new UsageError(`--templates: ${rootProblem.message}`);
      // Servers and files the renderer could not render correctly are left out of the result: without
      // --force nothing is written; with it, what rendered correctly is, and the findings are printed.
      const renderErrors = result.diagnostics.filter((d) => d.severity === 'error').length;
      if (renderErrors > 0 && opts.force !== true) {
        ctx.stderr(formatDiagnostics(ctx, result.diagnostics));
        throw new CommandFailure(`render failed: ${renderErrors} problem(s), nothing written (use --force to write the servers that rendered)`);
      }
      if (renderErrors > 0 && opts.json !== true) ctx.stderr(formatDiagnostics(ctx, result.diagnostics));
      const out = resolve(ctx.cwd, opts.out);
      const write = async (p: string, content: string): Promise<void> => {
        await mkdir(dirname(p), { recursive: true });
        await writeFile(p, content);
      };
      const perCluster = new Map<string, { files: number; bytes: number }>();
      const add = (cluster: string, bytes: number): void => {
        const c = perCluster.get(cluster) ?? { files: 0, bytes: 0 };
        perCluster.set(cluster, { files: c.files + 1, bytes: c.bytes + bytes });
      };
      for (const s of result.servers) {
        const root = join(out, s.cluster, s.server);
        for (const f of s.files) { await write(join(root, f.path), f.content); add(s.cluster, f.size); }
        await write(join(root, 'manifest.json'), `${JSON.stringify(manifestOf(s), null, 2)}\n`);
      }
      for (const f of result.files) { await write(join(out, f.path), f.content); add(f.path.split('/')[0] ?? '', f.size); }
      const rows = [...perCluster].map(([cluster, c]) => ({ cluster, ...c }));
      const total = rows.reduce((t, r) => ({ files: t.files + r.files, bytes: t.bytes + r.bytes }), { files: 0, bytes: 0 });
      ctx.exitCode = 0;
      if (opts.json === true) {
        printJson(ctx, { out, forced: counts.error > 0 || renderErrors > 0, clusters: rows, total, skipped: result.skipped, diagnostics: result.diagnostics });
        return;
      }
      ctx.stdout(table(['cluster', 'files', 'bytes'], [...rows.map((r) => [r.cluster, r.files, r.bytes]), ['total', total.files, total.bytes]]));
      ctx.stdout(`rendered into ${out}${counts.error > 0 ? ` (forced past ${counts.error} validation errors)` : ''}\n`);
    });
}
