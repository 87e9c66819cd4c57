import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_DATABASE_URL, Store, describeDatabaseUrl, parseDatabaseUrl } from '@acm/core';
import type { Command } from 'commander';
import { CommandFailure, UsageError, printJson, type CliContext } from '../output.js';

/** Options every store command takes. */
export interface DbOptions {
  db?: string;
  json?: boolean;
  actor?: string;
}

/** The store URL: `--db`, else `ACM_DATABASE_URL`, else `./acm.db`; relative SQLite paths are taken from the cwd. */
export function databaseUrl(ctx: CliContext, opts: DbOptions): string {
  const url = opts.db ?? ctx.env.ACM_DATABASE_URL ?? DEFAULT_DATABASE_URL;
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

/** Adds `--db` and `--json` to a command. */
export function dbOptions(command: Command): Command {
  return command.option('--db <url>', 'store: sqlite:<file> or mysql://user@host:3306/db (default: $ACM_DATABASE_URL or ./acm.db)').option('--json', 'print one JSON document');
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
