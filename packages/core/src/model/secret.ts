import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { either, obj, str, type Schema } from '../schema/schema.js';

/** A secret read from an environment variable when needed. */
export interface EnvSecret {
  /** Name of the environment variable. */
  readonly env: string;
}
/** A secret read from a file (its first line) when needed. */
export interface FileSecret {
  /** Path of the file, relative to the enterprise file's directory. */
  readonly file: string;
}
/** A secret sealed with the site key (`acm secret seal`); opened only by render and deploy. */
export interface SealedSecret {
  readonly sealed: string;
}

/**
 * A secret value: inline (demos and tests) or a reference. Rendering resolves references;
 * nothing else ever prints a secret.
 */
export type Secret = string | EnvSecret | FileSecret | SealedSecret;

/** Schema of {@link Secret}. */
export const SECRET_SCHEMA: Schema<Secret> = either<Secret>('a secret: a string, { env: NAME }, { file: PATH } or { sealed: TEXT }', [
  { accepts: (v) => typeof v === 'string', schema: str({ minLength: 1 }) },
  { accepts: (v) => typeof v === 'object' && v !== null && 'env' in v, schema: obj<EnvSecret>('{ env: NAME }')({ env: str({ minLength: 1 }) }) },
  { accepts: (v) => typeof v === 'object' && v !== null && 'file' in v, schema: obj<FileSecret>('{ file: PATH }')({ file: str({ minLength: 1 }) }) },
  { accepts: (v) => typeof v === 'object' && v !== null && 'sealed' in v, schema: obj<SealedSecret>('{ sealed: TEXT }')({ sealed: str({ minLength: 1 }) }) },
]);

/** The inline value of a secret, or undefined when it is a reference (env, file, sealed). */
export function inlineSecret(secret: Secret | undefined): string | undefined {
  return typeof secret === 'string' ? secret : undefined;
}

/** A description of a secret safe to print: `(inline)`, `env:NAME`, `file:PATH` or `(sealed)`. */
export function describeSecret(secret: Secret): string {
  if (typeof secret === 'string') return '(inline)';
  if ('env' in secret) return `env:${secret.env}`;
  if ('file' in secret) return `file:${secret.file}`;
  return '(sealed)';
}

/** Where {@link resolveSecret} looks up references. */
export interface SecretSources {
  /** Environment for `{ env: NAME }`; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Directory a relative `{ file: PATH }` is taken from (the enterprise's directory); default the cwd. */
  readonly baseDir?: string;
}

/** The value of a secret, or why it has none (never the value itself). */
export type ResolvedSecret =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly reason: 'env-unset' | 'file-unreadable' | 'file-empty' | 'sealed'; readonly message: string };

/**
 * Opens a secret: inline values as they are; `{ env }` from the environment (unset or empty is an
 * error); `{ file }` relative to `baseDir`: a private key file whole, any other file by its first
 * line (trimmed, not empty). Sealed secrets need the site key and are refused here. The one place
 * render, deploy, the poller and the HA checks open secrets.
 *
 * @example
 * ```ts
 * resolveSecret({ env: 'TPA1_AMI' }, { env: { TPA1_AMI: 's3cret' } }); // { ok: true, value: 's3cret' }
 * resolveSecret({ env: 'MISSING' }, { env: {} }); // { ok: false, reason: 'env-unset', message: 'environment variable MISSING is not set' }
 * ```
 */
export function resolveSecret(secret: Secret, sources: SecretSources = {}): ResolvedSecret {
  if (typeof secret === 'string') return { ok: true, value: secret };
  if ('env' in secret) {
    const value = (sources.env ?? process.env)[secret.env];
    return value === undefined || value === '' ? { ok: false, reason: 'env-unset', message: `environment variable ${secret.env} is not set` } : { ok: true, value };
  }
  if ('file' in secret) {
    const path = isAbsolute(secret.file) ? secret.file : resolve(sources.baseDir ?? process.cwd(), secret.file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return { ok: false, reason: 'file-unreadable', message: `secret file ${secret.file} cannot be read` };
    }
    if (text.includes('PRIVATE KEY-----')) return { ok: true, value: text };
    const first = text.split(/\r?\n/)[0]?.trim() ?? '';
    return first === '' ? { ok: false, reason: 'file-empty', message: `secret file ${secret.file} is empty` } : { ok: true, value: first };
  }
  return { ok: false, reason: 'sealed', message: 'sealed secrets need the site key; unseal them before use' };
}

/** The directory relative `{ file }` secrets of an enterprise are taken from: the path itself for a directory, else its parent. */
export function secretBaseDir(enterprisePath: string): string {
  try {
    return statSync(enterprisePath).isDirectory() ? enterprisePath : dirname(enterprisePath);
  } catch {
    return dirname(enterprisePath);
  }
}
