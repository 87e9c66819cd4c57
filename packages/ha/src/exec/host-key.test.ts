import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprintOf, hostKeyMatches, parseHostKeyPin } from './host-key.js';

// A syntactically valid ed25519 public key blob: string "ssh-ed25519" + string of 32 bytes.
function ed25519Blob(fill: number): Buffer {
  const type = Buffer.from('ssh-ed25519');
  const key = Buffer.alloc(32, fill);
  const b = Buffer.alloc(4 + type.length + 4 + key.length);
  b.writeUInt32BE(type.length, 0);
  type.copy(b, 4);
  b.writeUInt32BE(32, 4 + type.length);
  key.copy(b, 8 + type.length);
  return b;
}

describe('host key pins', () => {
  const blob = ed25519Blob(7);
  const b64 = blob.toString('base64');

  it('parses known_hosts lines, public key lines and fingerprints', () => {
    expect(parseHostKeyPin(`[10.0.0.5]:2222 ssh-ed25519 ${b64}`)).toEqual({ kind: 'key', type: 'ssh-ed25519', blob });
    expect(parseHostKeyPin(`ast15,10.0.0.5 ssh-ed25519 ${b64} root@ast15`)).toEqual({ kind: 'key', type: 'ssh-ed25519', blob });
    expect(parseHostKeyPin(`ssh-ed25519 ${b64} comment`)).toEqual({ kind: 'key', type: 'ssh-ed25519', blob });
    const fp = createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
    expect(fingerprintOf(blob)).toBe(`SHA256:${fp}`);
    expect(parseHostKeyPin(`SHA256:${fp}`)).toEqual({ kind: 'fingerprint', sha256: fp });
  });

  it('rejects revoked/CA markers, garbage and a blob whose type does not match', () => {
    expect(parseHostKeyPin(`@revoked * ssh-ed25519 ${b64}`)).toBeUndefined();
    expect(parseHostKeyPin('# comment')).toBeUndefined();
    expect(parseHostKeyPin('hello world')).toBeUndefined();
    expect(parseHostKeyPin(`host ssh-rsa ${b64}`)).toBeUndefined();
    expect(parseHostKeyPin('SHA256:short')).toBeUndefined();
  });

  it('matches only the pinned key', () => {
    const pin = parseHostKeyPin(`ssh-ed25519 ${b64}`);
    const fpPin = parseHostKeyPin(fingerprintOf(blob));
    expect(pin && hostKeyMatches([pin], blob)).toBe(true);
    expect(pin && hostKeyMatches([pin], ed25519Blob(8))).toBe(false);
    expect(fpPin && hostKeyMatches([fpPin], blob)).toBe(true);
    expect(fpPin && hostKeyMatches([fpPin], ed25519Blob(8))).toBe(false);
  });
});
