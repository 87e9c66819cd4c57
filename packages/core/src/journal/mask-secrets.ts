import { describeSecret, type Secret } from '../model/secret.js';

/** Member names that hold secrets anywhere in the model (SIP/AMI/DB secrets, PINs, keys, password hashes). */
export const SECRET_MEMBERS: ReadonlySet<string> = new Set(['secret', 'pin', 'password', 'privateKey', 'passwordHash']);

function maskOne(value: unknown): unknown {
  if (typeof value === 'string') return '***';
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'env' || keys[0] === 'file' || keys[0] === 'sealed')) return describeSecret(value as Secret);
  }
  return '***';
}

/**
 * A deep copy of `value` with every secret replaced: inline values become `***`, references are
 * described (`env:NAME`, `file:PATH`, `(sealed)`), so journal output and `--json` never carry a secret.
 *
 * @example
 * ```ts
 * maskSecrets({ number: '5200', secret: 'hunter2', voicemail: { box: '5200', pin: '1234' } });
 * // { number: '5200', secret: '***', voicemail: { box: '5200', pin: '***' } }
 * ```
 */
export function maskSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = SECRET_MEMBERS.has(k) && v !== undefined ? maskOne(v) : maskSecrets(v);
  return out as T;
}
