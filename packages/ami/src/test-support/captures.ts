import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is packages/ami/src/test-support/captures.ts). */
export const REPO_ROOT = new URL('../../../../', import.meta.url);
/** The Asterisk 22 captures live beside the repository, in ../shared/reference/ami-captures. */
export const CAPTURES_DIR = fileURLToPath(new URL('../shared/reference/ami-captures/', REPO_ROOT));

/** True when the capture directory exists; in CI its absence is an error, not a skip. */
export function capturesAvailable(): boolean {
  const ok = existsSync(CAPTURES_DIR);
  if (!ok && process.env['CI']) throw new Error(`AMI captures not found at ${CAPTURES_DIR}`);
  return ok;
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

/** Loads one capture by name (without `.bin`), or by its prefix such as `A-12`. */
export function loadCapture(nameOrPrefix: string): Capture {
  const name = captureNames().find((n) => n === nameOrPrefix || n.startsWith(`${nameOrPrefix}-`));
  if (name === undefined) throw new Error(`no capture ${nameOrPrefix}`);
  const received = readFileSync(`${CAPTURES_DIR}${name}.bin`);
  const sent = readFileSync(`${CAPTURES_DIR}meta/${name}.sent.txt`);
  const tsv = readFileSync(`${CAPTURES_DIR}meta/${name}.chunks.tsv`, 'latin1');
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
