import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { diag } from '../diagnostics/catalogue.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { LineIndex } from '../load/line-index.js';
import { parseYaml } from '../load/yaml-source.js';
import { arr, bool, checkSchema, num, obj, opt, str, type Schema } from '../schema/schema.js';
import { parseDatabaseUrl } from '../store/database-url.js';

/** The name of ACM's configuration file, looked for in the cwd and then in each parent directory. */
export const CONFIG_FILE_NAME = 'acm.config.yaml';

/** Deployment settings of an `acm.config.yaml`. */
export interface DeployConfig {
  /** Deploy to local directories instead of SSH: each server is `<targetDir>/<server>`. */
  readonly targetDir?: string;
  /** Root on each server over SSH that rendered paths (`etc/asterisk/...`) are below; may hold `{cluster}` and `{server}`. Default `/`. */
  readonly remoteRoot?: string;
  /** Directory for staging and backups, relative to the root. Default `etc/asterisk/.acm` (same filesystem as the live files, so renames are atomic). */
  readonly stateDir?: string;
  /** The Asterisk binary run for reloads (`<asterisk> -rx '<command>'`). Default `asterisk`. */
  readonly asterisk?: string;
  /** Run the needed reloads after a switch (default true over SSH). */
  readonly reloads?: boolean;
  /** How long a commit waits for another deployment of the cluster, in seconds (default 0). */
  readonly lockWaitSeconds?: number;
  /** Time allowed to connect to a server over SSH, in seconds (default 10). */
  readonly connectTimeoutSeconds?: number;
}

/** Where secret references (`{ env: NAME }`, `{ file: PATH }`) are resolved from. */
export interface SecretsConfig {
  /** Files of `NAME=value` lines read into the environment that `{ env: NAME }` references see (the real environment wins). */
  readonly envFiles?: readonly string[];
  /** Directory that relative `{ file: PATH }` references are taken from (default the config file's directory). */
  readonly baseDir?: string;
}

/** The contents of an `acm.config.yaml`, with relative paths already made absolute (from the file's directory). */
export interface AcmConfig {
  /** The file the settings came from. */
  readonly file: string;
  /** Store URL (`sqlite:./acm.db`, `mysql://acm@db1:3306/acm`); a relative SQLite path is taken from the file's directory. */
  readonly database?: string;
  /** Template override root (`<dir>/clusters/<id>/`, `<dir>/sites/<id>/`). */
  readonly templates?: string;
  /** The console account (username in the model's `accounts`) whose rights the CLI uses. */
  readonly account?: string;
  /** The name the journal records for changes (default the OS user). */
  readonly actor?: string;
  readonly deploy?: DeployConfig;
  readonly secrets?: SecretsConfig;
}

type ConfigDocument = Omit<AcmConfig, 'file'>;

const CONFIG_SCHEMA: Schema<ConfigDocument> = obj<ConfigDocument>('an ACM configuration')({
  database: opt(str({ minLength: 1 })),
  templates: opt(str({ minLength: 1 })),
  account: opt(str({ format: 'id' })),
  actor: opt(str({ minLength: 1 })),
  deploy: opt(obj<DeployConfig>('deployment settings')({
    targetDir: opt(str({ minLength: 1 })),
    remoteRoot: opt(str({ minLength: 1 })),
    stateDir: opt(str({ minLength: 1 })),
    asterisk: opt(str({ minLength: 1 })),
    reloads: opt(bool()),
    lockWaitSeconds: opt(num({ min: 0, max: 3600 })),
    connectTimeoutSeconds: opt(num({ min: 1, max: 600 })),
  })),
  secrets: opt(obj<SecretsConfig>('secret sources')({
    envFiles: opt(arr(str({ minLength: 1 }))),
    baseDir: opt(str({ minLength: 1 })),
  })),
});

/** What {@link loadAcmConfig} found: the settings (undefined when there is no file or it has errors) and any problems. */
export interface LoadedAcmConfig {
  readonly config: AcmConfig | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** The nearest `acm.config.yaml` in `cwd` or one of its parents, or undefined. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Parses the text of an `acm.config.yaml` (no I/O). Never throws for bad input: syntax errors,
 * unknown keys (with a did-you-mean) and wrong types are diagnostics with the file's line and column.
 * Relative paths become absolute from the file's directory.
 *
 * @example
 * ```ts
 * parseAcmConfig('database: sqlite:./acm.db\ndeploy:\n  remoteRoot: /\n', '/srv/acm/acm.config.yaml').config;
 * // { file: '/srv/acm/acm.config.yaml', database: 'sqlite:/srv/acm/acm.db', deploy: { remoteRoot: '/' },
 * //   secrets: { envFiles: [], baseDir: '/srv/acm' } }
 * ```
 */
export function parseAcmConfig(text: string, file: string): LoadedAcmConfig {
  const lines = new LineIndex(text);
  const parsed = parseYaml(text);
  const at = (offset: number): Diagnostic['source'] => ({ file, ...lines.position(offset) });
  if (parsed.problems.length > 0) {
    return { config: undefined, diagnostics: parsed.problems.map((p) => ({ ...diag(p.code, [], p.code === 'load.duplicate-key' ? { key: p.key, file } : { format: 'YAML', reason: p.reason, file }), source: at(p.offset) })) };
  }
  // An empty file is a valid configuration that sets nothing.
  const value: unknown = parsed.empty || parsed.value === null || parsed.value === undefined ? {} : parsed.value;
  const ctx = checkSchema(CONFIG_SCHEMA, value);
  const diagnostics = ctx.diagnostics.map((d) => ({ ...d, source: at(parsed.locate(d.path)) }));
  const doc = value as ConfigDocument;
  if (typeof doc.database === 'string') {
    const db = parseDatabaseUrl(doc.database);
    if ('error' in db) diagnostics.push({ ...diag('schema.format', ['database'], { expected: 'a store URL (sqlite:<file> or mysql://user@host:3306/db)', value: '(not shown)' }), source: at(parsed.locate(['database'])) });
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { config: undefined, diagnostics };
  const base = dirname(resolve(file));
  const abs = (p: string | undefined): string | undefined => (p === undefined ? undefined : isAbsolute(p) ? p : resolve(base, p));
  let database = doc.database;
  if (database !== undefined) {
    const db = parseDatabaseUrl(database);
    if (!('error' in db) && db.dialect === 'sqlite' && db.file !== ':memory:' && !isAbsolute(db.file)) database = `sqlite:${resolve(base, db.file)}`;
  }
  const deploy = doc.deploy === undefined ? undefined : { ...doc.deploy, ...(doc.deploy.targetDir === undefined ? {} : { targetDir: abs(doc.deploy.targetDir) as string }) };
  const secrets = { envFiles: (doc.secrets?.envFiles ?? []).map((f) => abs(f) as string), baseDir: abs(doc.secrets?.baseDir) ?? base };
  const config: AcmConfig = {
    file: resolve(file),
    ...(database === undefined ? {} : { database }),
    ...(doc.templates === undefined ? {} : { templates: abs(doc.templates) as string }),
    ...(doc.account === undefined ? {} : { account: doc.account }),
    ...(doc.actor === undefined ? {} : { actor: doc.actor }),
    ...(deploy === undefined ? {} : { deploy }),
    secrets,
  };
  return { config, diagnostics };
}

/**
 * Reads ACM's configuration: the given file, or the nearest `acm.config.yaml` upward from `cwd`.
 * No file found is not a problem (`config` undefined, no diagnostics); an unreadable or invalid one is.
 */
export function loadAcmConfig(options: { readonly cwd: string; readonly file?: string }): LoadedAcmConfig {
  const file = options.file === undefined ? findConfigFile(options.cwd) : resolve(options.cwd, options.file);
  if (file === undefined) return { config: undefined, diagnostics: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { config: undefined, diagnostics: [diag('load.unreadable', [], { file, reason: (e as NodeJS.ErrnoException).code ?? 'unreadable' })] };
  }
  return parseAcmConfig(text, file);
}

/**
 * Parses `NAME=value` lines (a dotenv subset: `#` comments, blank lines, optional `export `,
 * values in single or double quotes kept verbatim without the quotes). Lines that are not
 * assignments are skipped; their numbers are returned so a caller can warn without printing them.
 */
export function parseEnvFile(text: string): { readonly values: Record<string, string>; readonly badLines: readonly number[] } {
  const values: Record<string, string> = {};
  const badLines: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (m === null) {
      badLines.push(i + 1);
      return;
    }
    let v = m[2] as string;
    if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) v = v.slice(1, -1);
    values[m[1] as string] = v;
  });
  return { values, badLines };
}

/**
 * The environment secret references are resolved in: the config's env files (in order, later
 * files win) under the real environment (which wins over every file). Unreadable files are
 * `load.unreadable` diagnostics; values never appear in them.
 */
export function secretEnvironment(config: AcmConfig | undefined, env: Readonly<Record<string, string | undefined>>): { readonly env: Record<string, string | undefined>; readonly diagnostics: readonly Diagnostic[] } {
  const merged: Record<string, string | undefined> = {};
  const diagnostics: Diagnostic[] = [];
  for (const file of config?.secrets?.envFiles ?? []) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      diagnostics.push(diag('load.unreadable', ['secrets', 'envFiles'], { file, reason: (e as NodeJS.ErrnoException).code ?? 'unreadable' }));
      continue;
    }
    Object.assign(merged, parseEnvFile(text).values);
  }
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  return { env: merged, diagnostics };
}

/**
 * Picks a setting by ACM's precedence: a command-line flag beats the environment, which beats
 * the configuration file.
 */
export function pickSetting<T>(flag: T | undefined, env: T | undefined, config: T | undefined): T | undefined {
  return flag ?? env ?? config;
}
