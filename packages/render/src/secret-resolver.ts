import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Secret } from '@acm/core';
import { RenderError } from './render-error.js';

/** Turns a {@link Secret} (inline value or reference) into its value when a file is rendered. */
export interface SecretResolver {
  /** The secret's value; `where` names the field for errors (never the value). Throws {@link RenderError}. */
  resolve(secret: Secret, where: string): string;
}

/** Where {@link createSecretResolver} looks up references. */
export interface SecretResolverOptions {
  /** Environment for `{ env: NAME }`; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Directory `{ file: PATH }` is relative to (the enterprise file's directory); default the cwd. */
  readonly baseDir?: string;
}

/**
 * A resolver for inline secrets, `{ env: NAME }` and `{ file: PATH }` (the file's first line).
 * Sealed secrets need the site key and are refused with `render.secret-sealed`.
 */
export function createSecretResolver(options: SecretResolverOptions = {}): SecretResolver {
  const env = options.env ?? process.env;
  const baseDir = options.baseDir ?? process.cwd();
  return {
    resolve(secret: Secret, where: string): string {
      if (typeof secret === 'string') return secret;
      if ('env' in secret) {
        const v = env[secret.env];
        if (v === undefined || v === '') throw new RenderError('render.secret-unresolved', where, `environment variable ${secret.env} is not set`);
        return v;
      }
      if ('file' in secret) {
        const path = isAbsolute(secret.file) ? secret.file : resolve(baseDir, secret.file);
        let text: string;
        try {
          text = readFileSync(path, 'utf8');
        } catch {
          throw new RenderError('render.secret-unresolved', where, `secret file ${secret.file} cannot be read`);
        }
        const first = text.split(/\r?\n/)[0]?.trim() ?? '';
        if (first === '') throw new RenderError('render.secret-unresolved', where, `secret file ${secret.file} is empty`);
        return first;
      }
      throw new RenderError('render.secret-sealed', where, 'sealed secrets need the site key; unseal them before rendering');
    },
  };
}
