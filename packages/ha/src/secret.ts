import { readFileSync } from 'node:fs';
import type { Secret } from '@acm/core';

/**
 * Resolves a model secret for a transport: inline values as they are, `{ env }` from the
 * environment, `{ file }` from the file's first line. Sealed secrets are opened only by render
 * and deploy, so they give `undefined` here, as does anything missing.
 */
export function resolveSecret(secret: Secret | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (secret === undefined) return undefined;
  if (typeof secret === 'string') return secret;
  if ('env' in secret) return env[secret.env];
  if ('file' in secret) {
    try {
      const text = readFileSync(secret.file, 'utf8');
      // A private key file is used whole; a password file by its first line.
      return text.includes('PRIVATE KEY-----') ? text : (text.split(/\r?\n/)[0] ?? '');
    } catch {
      return undefined;
    }
  }
  return undefined;
}
