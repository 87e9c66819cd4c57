import { resolveSecret, type Secret, type SecretSources } from '@acm/core';
import { RenderError } from './render-error.js';

/** Turns a {@link Secret} (inline value or reference) into its value when a file is rendered. */
export interface SecretResolver {
  /** The secret's value; `where` names the field for errors (never the value). Throws {@link RenderError}. */
  resolve(secret: Secret, where: string): string;
}

/** Where {@link createSecretResolver} looks up references: core's {@link SecretSources}. */
export type SecretResolverOptions = SecretSources;

/**
 * A resolver for inline secrets, `{ env: NAME }` and `{ file: PATH }` (core's `resolveSecret`).
 * Sealed secrets need the site key and are refused with `render.secret-sealed`.
 */
export function createSecretResolver(options: SecretResolverOptions = {}): SecretResolver {
  return {
    resolve(secret: Secret, where: string): string {
      const r = resolveSecret(secret, options);
      if (r.ok) return r.value;
      throw new RenderError(r.reason === 'sealed' ? 'render.secret-sealed' : 'render.secret-unresolved', where, r.message);
    },
  };
}
