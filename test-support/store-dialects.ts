import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreDialect } from '@acm/core';
import { MariadbServer } from './mariadb.js';

/** The dialects every store suite runs against. */
export const DIALECTS: readonly StoreDialect[] = ['sqlite', 'mysql'];

/** A database server (or SQLite directory) for one test file; `freshUrl()` gives an empty database each call. */
export interface DialectHarness {
  readonly dialect: StoreDialect;
  freshUrl(): Promise<string>;
  stop(): Promise<void>;
}

let counter = 0;

/**
 * Starts what a dialect needs: a temp directory for SQLite, a real mariadbd on 127.0.0.1 for MySQL
 * (see mariadb.ts). `undefined` when MariaDB is not installed (an error under CI).
 */
export async function startDialect(dialect: StoreDialect): Promise<DialectHarness | undefined> {
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'acm-store-'));
    return {
      dialect,
      freshUrl: () => Promise.resolve(`sqlite:${join(dir, `acm-${++counter}.db`)}`),
      stop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const server = await MariadbServer.create({ serverId: 1, logBin: false });
  if (server === undefined) return undefined;
  return {
    dialect,
    async freshUrl() {
      const name = `acm_${++counter}`;
      await server.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
      return `mysql://${server.user}@${server.host}:${server.port}/${name}`;
    },
    stop: () => server.destroy(),
  };
}
