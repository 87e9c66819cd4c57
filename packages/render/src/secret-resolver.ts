import { resolveSecret, type ModelPath, type ResolvedSecret, type Secret, type SecretSources } from '@acm/core';

/** Turns a {@link Secret} (inline value or reference) into its value when a file is rendered. */
export interface SecretResolver {
  /**
   * The secret's value, or why there is none (`{ ok: false, reason, message }`; the message never holds
   * a value). `path` is the field in the model, e.g. `['trunks', 3, 'auth', 'secret']`. Never throws:
   * the renderer reports a failure as `render.secret-unresolved` / `render.secret-sealed`.
   */
  resolve(secret: Secret, path: ModelPath): ResolvedSecret;
}

/** Where {@link createSecretResolver} looks up references: core's {@link SecretSources}. */
export type SecretResolverOptions = SecretSources;

/**
 * A resolver for inline secrets, `{ env: NAME }` and `{ file: PATH }` (core's `resolveSecret`).
 * Sealed secrets need the site key and are refused (`reason: 'sealed'`).
 */
export function createSecretResolver(options: SecretResolverOptions = {}): SecretResolver {
  return { resolve: (secret: Secret) => resolveSecret(secret, options) };
}
