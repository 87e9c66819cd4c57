import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_DATABASE_URL, Store, describeDatabaseUrl, formatPath, loadAcmConfig, parseDatabaseUrl, pickSetting, type AcmConfig } from '@acm/core';
import type { Command } from 'commander';
import { CommandFailure, UsageError, printJson, type CliContext } from '../output.js';

/** Options every store command takes. */
export interface DbOptions {
  db?: string;
  json?: boolean;
  actor?: string;
  config?: string;
}

/**
 * The `acm.config.yaml` in effect: `--config <file>`, else `$ACM_CONFIG`, else the nearest one
 * upward from the cwd (none is fine). An unreadable or invalid file is a usage error naming the
 * first problem's file, line and column.
 */
export function cliConfig(ctx: CliContext, opts: { config?: string }): AcmConfig | undefined {
  const file = opts.config ?? ctx.env.ACM_CONFIG;
  const { config, diagnostics } = loadAcmConfig({ cwd: ctx.cwd, ...(file === undefined ? {} : { file }) });
  const first = diagnostics.find((d) => d.severity === 'error');
  if (first !== undefined) {
    const where = first.source === undefined ? `${String(first.data.file ?? file ?? 'acm.config.yaml')}` : `${first.source.file}:${first.source.line}:${first.source.column}`;
    throw new UsageError(`${where}: ${first.message}${first.path.length > 0 ? ` [${formatPath(first.path)}]` : ''} (${first.code})`);
  }
  return config;
}

/** The store URL: `--db`, else `ACM_DATABASE_URL`, else the config file's `database`, else `./acm.db`; relative SQLite paths are taken from the cwd. */
export function databaseUrl(ctx: CliContext, opts: DbOptions): string {
  const url = pickSetting(opts.db, ctx.env.ACM_DATABASE_URL, cliConfig(ctx, opts)?.database) ?? DEFAULT_DATABASE_URL;
  const parsed = parseDatabaseUrl(url);
  if ('error' in parsed) throw new UsageError(`--db: ${parsed.error}`);
  if (parsed.dialect === 'sqlite' && parsed.file !== ':memory:' && !isAbsolute(parsed.file)) return `sqlite:${resolve(ctx.cwd, parsed.file)}`;
  return url;
}

/** The actor recorded in the journal: `--actor`, else `ACM_ACTOR`, else the OS user. */
export function actorOf(ctx: CliContext, opts: DbOptions): string | undefined {
  return opts.actor ?? ctx.env.ACM_ACTOR;
}

/** Opens the store, runs `fn`, closes it; a database that cannot be opened is a one-line failure (password masked). */
export async function withStore<T>(ctx: CliContext, opts: DbOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  const url = databaseUrl(ctx, opts);
  let store: Store;
  try {
    store = await Store.open(url);
  } catch (e) {
    throw new CommandFailure(`cannot open the store ${describeDatabaseUrl(url)}: ${(e as Error).message.split('\n')[0] ?? ''}`);
  }
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Adds `--db`, `--config` and `--json` to a command. */
export function dbOptions(command: Command): Command {
  return command
    .option('--db <url>', 'store: sqlite:<file> or mysql://user@host:3306/db (default: $ACM_DATABASE_URL, then acm.config.yaml, then ./acm.db)')
    .option('--config <file>', 'configuration file (default: $ACM_CONFIG, else acm.config.yaml in the cwd or a parent)')
    .option('--json', 'print one JSON document');
}

/** `acm db migrate`: creates or upgrades the store's tables. */
export function register(program: Command, ctx: CliContext): void {
  const db = program.command('db').description('the ACM store (SQLite file or MySQL/MariaDB)');
  dbOptions(db.command('migrate').description('create or upgrade the store\'s tables')).action(async (opts: DbOptions) => {
    const url = databaseUrl(ctx, opts);
    let store: Store;
    try {
      store = await Store.open(url, { migrate: false });
    } catch (e) {
      throw new CommandFailure(`cannot open the store ${describeDatabaseUrl(url)}: ${(e as Error).message.split('\n')[0] ?? ''}`);
    }
    try {
      const applied = await store.migrate();
      if (opts.json === true) printJson(ctx, { database: describeDatabaseUrl(url), dialect: store.dialect, applied });
      else ctx.stdout(`${describeDatabaseUrl(url)}: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}\n`);
    } finally {
      await store.close();
    }
  });
}
