import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_DATABASE_URL, formatPath, loadAcmConfig, parseDatabaseUrl, pickSetting, secretEnvironment, type AcmConfig } from '@acm/core';
import type { DeployTarget } from '@acm/ha';
import { AcmError } from './errors.js';

/** What a frontend was told: its flags (each optional), the environment and the working directory. */
export interface SettingsInput {
  /** Working directory relative paths are taken from (default `process.cwd()`). */
  readonly cwd?: string;
  /** The environment (default `process.env`): `ACM_CONFIG`, `ACM_DATABASE_URL`, `ACM_TEMPLATES`, `ACM_TARGET_DIR`, `ACM_REMOTE_ROOT`, `ACM_ACCOUNT`, `ACM_ACTOR`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `--config`: the configuration file (else `$ACM_CONFIG`, else `acm.config.yaml` upward from the cwd). */
  readonly configFile?: string;
  /** `--db`: the store URL. */
  readonly store?: string;
  /** `--templates`: the template override root. */
  readonly templates?: string;
  /** `--target-dir`: deploy to local directories. */
  readonly targetDir?: string;
  /** `--remote-root`: the root of the rendered paths on each server over SSH. */
  readonly remoteRoot?: string;
  /** Run the reloads after a switch (`--run-reloads` true, `--skip-reloads` false); default: over SSH yes, to local directories no. */
  readonly reloads?: boolean;
  /** `--account`: the console account whose rights apply. */
  readonly account?: string;
  /** `--actor`: the name the journal records. */
  readonly actor?: string;
}

/** Every setting in effect, resolved once: flags beat the environment, which beats `acm.config.yaml`. */
export interface Settings {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The configuration file's settings, when there is one. */
  readonly config: AcmConfig | undefined;
  /** The store URL (a relative SQLite path made absolute from the cwd). */
  readonly store: string;
  /** The template override root, absolute. */
  readonly templates: string | undefined;
  /** The environment `{ env: NAME }` secret references see: the config's env files under the real environment. */
  readonly secretEnv: Readonly<Record<string, string | undefined>>;
  /** Where relative `{ file: PATH }` secret references of the stored model are read from. */
  readonly secretBase: string;
  /** Where a commit or rollback writes. */
  readonly target: DeployTarget;
  /** The account named by `--account`, `ACM_ACCOUNT` or the config's `account`. */
  readonly account: string | undefined;
  /** The name the journal records, when one was given (else the account's username, else the OS user). */
  readonly actor: string | undefined;
}

function configError(file: string | undefined, d: { message: string; code: string; path: readonly (string | number)[]; source?: { file: string; line: number; column: number }; data: Record<string, unknown> }): AcmError {
  const where = d.source === undefined ? String(d.data.file ?? file ?? 'acm.config.yaml') : `${d.source.file}:${d.source.line}:${d.source.column}`;
  return new AcmError('usage', `${where}: ${d.message}${d.path.length > 0 ? ` [${formatPath(d.path)}]` : ''} (${d.code})`);
}

/**
 * Resolves every setting a workspace needs from flags, environment and `acm.config.yaml` (in that
 * order of precedence). A configuration file that cannot be read, or a bad store URL, is an
 * {@link AcmError} of kind `usage` naming the file, line and column or the flag.
 *
 * @example
 * ```ts
 * const settings = resolveSettings({ store: 'sqlite:./acm.db', targetDir: 'servers/' });
 * settings.target; // { targetDir: '/home/me/servers', reloads: false, secretEnv: {...}, secretBase: '/home/me' }
 * ```
 */
export function resolveSettings(input: SettingsInput = {}): Settings {
  const cwd = input.cwd ?? process.cwd();
  const env = input.env ?? process.env;
  const file = input.configFile ?? env.ACM_CONFIG;
  const loaded = loadAcmConfig({ cwd, ...(file === undefined || file === '' ? {} : { file }) });
  const bad = loaded.diagnostics.find((d) => d.severity === 'error');
  if (bad !== undefined) throw configError(file, bad);
  const config = loaded.config;
  const secrets = secretEnvironment(config, env);
  const badSecret = secrets.diagnostics[0];
  if (badSecret !== undefined) throw configError(config?.file, badSecret);

  let store = pickSetting(input.store, env.ACM_DATABASE_URL, config?.database) ?? DEFAULT_DATABASE_URL;
  const parsed = parseDatabaseUrl(store);
  if ('error' in parsed) throw new AcmError('usage', `--db: ${parsed.error}`);
  if (parsed.dialect === 'sqlite' && parsed.file !== ':memory:' && !isAbsolute(parsed.file)) store = `sqlite:${resolve(cwd, parsed.file)}`;

  const templates = pickSetting(input.templates, env.ACM_TEMPLATES, config?.templates);
  const targetDir = pickSetting(input.targetDir, env.ACM_TARGET_DIR, config?.deploy?.targetDir);
  const remoteRoot = pickSetting(input.remoteRoot, env.ACM_REMOTE_ROOT, config?.deploy?.remoteRoot);
  const secretBase = config?.secrets?.baseDir ?? cwd;
  const reloads = input.reloads ?? (targetDir !== undefined ? false : undefined);
  return {
    cwd,
    env,
    config,
    store,
    templates: templates === undefined ? undefined : resolve(cwd, templates),
    secretEnv: secrets.env,
    secretBase,
    target: {
      ...(targetDir === undefined ? {} : { targetDir: resolve(cwd, targetDir) }),
      ...(remoteRoot === undefined ? {} : { remoteRoot }),
      ...(reloads === undefined ? {} : { reloads }),
      ...(config?.deploy === undefined ? {} : { config: config.deploy }),
      secretEnv: secrets.env,
      secretBase,
    },
    account: pickSetting(input.account, env.ACM_ACCOUNT, config?.account),
    actor: pickSetting(input.actor, env.ACM_ACTOR, config?.actor),
  };
}
