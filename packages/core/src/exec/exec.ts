/** Options for one command run through an {@link Exec}. */
export interface ExecOptions {
  /** Kill the command after this many milliseconds (default 15 000). */
  readonly timeoutMs?: number;
  /** Stop reading (and kill the command) once stdout or stderr exceeds this many bytes (default 4 MiB). */
  readonly maxOutputBytes?: number;
  /** Text written to the command's standard input, which is then closed. */
  readonly stdin?: string;
}

/** What a command did: exit status and its (possibly truncated) output. */
export interface ExecResult {
  /** The argv that ran (never a shell string). */
  readonly argv: readonly string[];
  /** Exit code, or `null` when the command was killed by a signal or timed out. */
  readonly code: number | null;
  /** The signal that ended the command, if any. */
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the command was killed because it ran longer than `timeoutMs`. */
  readonly timedOut: boolean;
  /** True when output beyond `maxOutputBytes` was dropped (and the command killed). */
  readonly truncated: boolean;
  /** Wall time of the run in milliseconds. */
  readonly durationMs: number;
}

/**
 * Runs a command on one host. Commands are argv arrays: the first element is the program, the
 * rest are its arguments, and no element is ever interpreted by a shell built from input.
 * A non-zero exit status resolves normally; only transport failures reject (with {@link ExecError}).
 */
export interface Exec {
  /** A label for the host the commands run on (`local`, `root@10.0.0.5:22`). */
  readonly host: string;
  /** Runs `argv` and resolves with its exit status and output. */
  run(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Releases the transport (closes an SSH connection); later runs reconnect. */
  close(): Promise<void>;
}

/** Why a transport could not run a command. */
export type ExecErrorKind = 'spawn' | 'connect' | 'host-key' | 'auth' | 'timeout' | 'bad-argv' | 'channel';

/** A transport failure (not a command failure): the command did not run or its result was lost. */
export class ExecError extends Error {
  /** What failed, for callers that react differently to an unknown host key and a refused connection. */
  readonly kind: ExecErrorKind;
  /** The host label of the transport. */
  readonly host: string;
  constructor(kind: ExecErrorKind, host: string, message: string, options?: { cause?: unknown }) {
    super(`${host}: ${message}`, options);
    this.name = 'ExecError';
    this.kind = kind;
    this.host = host;
  }
}

/** Default per-command timeout (ms). */
export const DEFAULT_EXEC_TIMEOUT_MS = 15_000;
/** Default cap on each of stdout and stderr (bytes). */
export const DEFAULT_MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/** Throws an {@link ExecError} of kind `bad-argv` unless argv is a non-empty list of strings without NUL bytes. */
export function assertArgv(host: string, argv: readonly string[]): void {
  if (argv.length === 0) throw new ExecError('bad-argv', host, 'empty argv');
  for (const a of argv) {
    if (typeof a !== 'string') throw new ExecError('bad-argv', host, 'argv elements must be strings');
    if (a.includes('\0')) throw new ExecError('bad-argv', host, 'argv element contains a NUL byte');
  }
}

/** True when a result exited with status 0 and was neither cut short nor timed out. */
export function succeeded(result: ExecResult): boolean {
  return result.code === 0 && !result.timedOut && !result.truncated;
}
