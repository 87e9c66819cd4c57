import { createHash } from 'node:crypto';

/** A pinned SSH host key: the full public key, or only its SHA256 fingerprint. */
export type HostKeyPin =
  | { readonly kind: 'key'; readonly type: string; readonly blob: Buffer }
  | { readonly kind: 'fingerprint'; readonly sha256: string };

const KEY_TYPES = /^(ssh-ed25519|ssh-rsa|ssh-dss|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)$/;

/**
 * Parses a host key pin: a `known_hosts` line (`[host]:port ssh-ed25519 AAAA...`), a public key
 * line (`ssh-ed25519 AAAA... comment`) or an OpenSSH fingerprint (`SHA256:base64`).
 * Returns `undefined` for anything else (including `@revoked` and `@cert-authority` lines).
 */
export function parseHostKeyPin(text: string): HostKeyPin | undefined {
  const line = text.trim();
  const fp = /^SHA256:([A-Za-z0-9+/]{43})=?$/.exec(line);
  if (fp !== null) return { kind: 'fingerprint', sha256: fp[1] as string };
  if (line === '' || line.startsWith('#') || line.startsWith('@')) return undefined;
  const words = line.split(/\s+/);
  // The key type is the first word (public key line) or the second (known_hosts line).
  const at = KEY_TYPES.test(words[0] ?? '') ? 0 : KEY_TYPES.test(words[1] ?? '') ? 1 : -1;
  if (at < 0) return undefined;
  const type = words[at] as string;
  const b64 = words[at + 1];
  if (b64 === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined;
  const blob = Buffer.from(b64, 'base64');
  // The blob starts with the key type as an SSH string; a mismatch means a corrupt line.
  const len = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  if (len !== type.length || blob.subarray(4, 4 + len).toString('latin1') !== type) return undefined;
  return { kind: 'key', type, blob };
}

/** The OpenSSH `SHA256:` fingerprint of a raw public key blob (as `ssh-keygen -lf` prints it). */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** True when the raw host key the server presented matches one of the pins. */
export function hostKeyMatches(pins: readonly HostKeyPin[], presented: Buffer): boolean {
  const fp = fingerprintOf(presented).slice('SHA256:'.length);
  return pins.some((p) => (p.kind === 'key' ? p.blob.equals(presented) : p.sha256 === fp));
}
