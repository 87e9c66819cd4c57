import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;

/**
 * Hashes a console password with scrypt: `scrypt$N$r$p$salt$hash` (base64url). Only the hash is
 * ever stored.
 */
export function hashPassword(password: string, salt: Buffer = randomBytes(16)): string {
  const hash = scryptSync(password, salt, 32, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Checks a password against a hash made by {@link hashPassword}, in constant time. */
export function verifyPassword(password: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const N2 = Number(n);
  if (!Number.isInteger(N2) || N2 < 2 || N2 > 1 << 20 || expected.length < 16) return false;
  const actual = scryptSync(password, Buffer.from(salt, 'base64url'), expected.length, { N: N2, r: Number(r), p: Number(p), maxmem: 256 * 1024 * 1024 });
  return timingSafeEqual(actual, expected);
}

/** A strong random secret for SIP/IAX/AMI (letters and digits, 20 by default). */
export function generateSecret(length = 20): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length; i++) {
    const b = bytes[i % bytes.length] as number;
    if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
    if (i >= bytes.length - 1 && out.length < length) return out + generateSecret(length - out.length);
  }
  return out;
}
