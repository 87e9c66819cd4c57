import type { StoreDialect } from './migrations.js';

/** Where a store lives, parsed from a URL such as `sqlite:./acm.db` or `mysql://acm@db1:3306/acm`. */
export type DatabaseLocation =
  | { readonly dialect: 'sqlite'; /** File path, or `:memory:`. */ readonly file: string }
  | {
      readonly dialect: 'mysql';
      readonly host: string;
      readonly port: number;
      readonly user: string;
      /** Password from the URL; never printed (see {@link describeDatabaseUrl}). */
      readonly password?: string;
      readonly database: string;
    };

/** The store used when neither `--db` nor `ACM_DATABASE_URL` says otherwise. */
export const DEFAULT_DATABASE_URL = 'sqlite:./acm.db';

/**
 * Parses a store URL: `sqlite:<path>` (or a bare path), `sqlite::memory:`, `mysql://user[:password]@host[:port]/database`
 * (`mariadb://` is accepted too). Returns a one-line reason instead of throwing.
 */
export function parseDatabaseUrl(url: string): DatabaseLocation | { readonly error: string } {
  const text = url.trim();
  if (text === '') return { error: 'empty database URL' };
  if (/^(mysql|mariadb):\/\//i.test(text)) {
    let u: URL;
    try {
      u = new URL(text.replace(/^mariadb:/i, 'mysql:'));
    } catch {
      return { error: 'malformed MySQL URL: expected mysql://user@host:3306/database' };
    }
    const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
    if (database === '' || database.includes('/')) return { error: 'MySQL URL names no database: expected mysql://user@host:3306/database' };
    if (u.hostname === '') return { error: 'MySQL URL names no host' };
    const port = u.port === '' ? 3306 : Number(u.port);
    const password = u.password === '' ? undefined : decodeURIComponent(u.password);
    return {
      dialect: 'mysql',
      host: u.hostname,
      port,
      user: u.username === '' ? 'root' : decodeURIComponent(u.username),
      ...(password === undefined ? {} : { password }),
      database,
    };
  }
  if (/^sqlite:/i.test(text)) {
    const file = text.replace(/^sqlite:(\/\/)?/i, '');
    return file === '' ? { error: 'SQLite URL names no file: expected sqlite:./acm.db' } : { dialect: 'sqlite', file };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { error: `unsupported database URL scheme "${text.slice(0, text.indexOf(':'))}": expected sqlite: or mysql://` };
  return { dialect: 'sqlite', file: text };
}

/** The URL with any password replaced by `***`, safe for logs and output. */
export function describeDatabaseUrl(url: string): string {
  // The password runs to the last '@' before the host, as the parser reads it (it may hold '@').
  return url.replace(/^([a-z]+:\/\/[^:@/]*:)[^/]*@/i, '$1***@');
}

/** The dialect a URL selects, or undefined when it does not parse. */
export function dialectOf(url: string): StoreDialect | undefined {
  const parsed = parseDatabaseUrl(url);
  return 'error' in parsed ? undefined : parsed.dialect;
}
