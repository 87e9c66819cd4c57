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
