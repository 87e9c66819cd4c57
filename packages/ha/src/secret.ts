import { resolveSecret as openSecret, type Secret, type SecretSources } from '@acm/core';

/**
 * Resolves a model secret for a transport with core's `resolveSecret`: inline values as they are,
 * `{ env }` from the environment, `{ file }` relative to `baseDir` (a private key file whole,
 * another file by its first line). No secret gives `undefined`; a secret that cannot be opened
 * (unset variable, unreadable file, sealed) throws an error naming why, never the value, so a
 * check does not silently connect without its password.
 */
export function resolveSecret(secret: Secret | undefined, env: NodeJS.ProcessEnv = process.env, baseDir?: string): string | undefined {
  if (secret === undefined) return undefined;
  const sources: SecretSources = baseDir === undefined ? { env } : { env, baseDir };
  const r = openSecret(secret, sources);
  if (r.ok) return r.value;
  throw new Error(r.message);
}
