import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is packages/ami/src/test-support/captures.ts). */
export const REPO_ROOT = new URL('../../../../', import.meta.url);
/**
 * The Asterisk 22 captures, copied into the repository (packages/ami/test/fixtures/ami-captures) so
 * that a fresh clone runs every capture test; `standby/` holds the captures of a server with no phone.
 */
export const CAPTURES_DIR = fileURLToPath(new URL('packages/ami/test/fixtures/ami-captures/', REPO_ROOT));

/** True when the capture directory exists; it is part of the repository, so its absence is an error, not a skip. */
export function capturesAvailable(): boolean {
  if (!existsSync(CAPTURES_DIR)) throw new Error(`AMI captures not found at ${CAPTURES_DIR}`);
  return true;
}

/** One read or write of a capture connection. */
export interface CaptureChunk {
  readonly ms: number;
  readonly dir: 'in' | 'out' | 'close';
  readonly offset: number;
  readonly length: number;
}

/** One capture: the received bytes, the sent bytes and the chunk table. */
export interface Capture {
  readonly name: string;
  readonly received: Buffer;
  readonly sent: Buffer;
  readonly chunks: readonly CaptureChunk[];
}

/** Names of every `*.bin` capture, sorted. */
export function captureNames(): string[] {
  return readdirSync(CAPTURES_DIR)
    .filter((f) => f.endsWith('.bin'))
    .map((f) => f.slice(0, -4))
    .sort();
}

/** Names of the `*.bin` captures of a sub-directory (`standby`), sorted. */
export function captureNamesIn(subdir: string): string[] {
  return readdirSync(`${CAPTURES_DIR}${subdir}`)
    .filter((f) => f.endsWith('.bin'))
    .map((f) => f.slice(0, -4))
    .sort();
}

/**
 * Loads one capture by name (without `.bin`), or by its prefix such as `A-12`; `subdir` picks a
 * sub-directory of captures (`standby`, with its own `meta/`).
 */
export function loadCapture(nameOrPrefix: string, subdir?: string): Capture {
  const dir = subdir === undefined ? CAPTURES_DIR : `${CAPTURES_DIR}${subdir}/`;
  const names = subdir === undefined ? captureNames() : captureNamesIn(subdir);
  const name = names.find((n) => n === nameOrPrefix || n.startsWith(`${nameOrPrefix}-`));
  if (name === undefined) throw new Error(`no capture ${nameOrPrefix}`);
  const received = readFileSync(`${dir}${name}.bin`);
  const sent = readFileSync(`${dir}meta/${name}.sent.txt`);
  const tsv = readFileSync(`${dir}meta/${name}.chunks.tsv`, 'latin1');
  const chunks: CaptureChunk[] = [];
  for (const line of tsv.split('\n').slice(1)) {
    if (line.trim() === '') continue;
    const [ms, dir, offset, length] = line.split('\t');
    chunks.push({ ms: Number(ms), dir: dir as CaptureChunk['dir'], offset: Number(offset), length: Number(length) });
  }
  return { name, received, sent, chunks };
}

/** The received bytes cut exactly as the TCP reads delivered them. */
export function receivedChunks(capture: Capture): Buffer[] {
  return capture.chunks.filter((c) => c.dir === 'in').map((c) => capture.received.subarray(c.offset, c.offset + c.length));
}
