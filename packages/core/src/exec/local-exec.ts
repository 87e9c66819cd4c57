import { spawn } from 'node:child_process';
import { DEFAULT_EXEC_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES, ExecError, assertArgv } from './exec.js';
import type { Exec, ExecOptions, ExecResult } from './exec.js';
import { OutputCollector } from './output-collector.js';

/** Options of a {@link LocalExec}. */
export interface LocalExecOptions {
  /** Environment of the commands (default: the current process's, with `LC_ALL=C` so outputs parse). */
  readonly env?: NodeJS.ProcessEnv;
  /** Working directory of the commands. */
  readonly cwd?: string;
  /** Defaults applied to every run. */
  readonly defaults?: ExecOptions;
}

/**
 * Runs commands on this machine with `child_process.spawn` and an argv array (`shell: false`),
 * so no argument is ever interpreted by a shell. A program that does not exist exits 127 (126
 * when not executable), as it would through a shell or over SSH.
 *
 * @example
 * ```ts
 * const r = await new LocalExec().run(['df', '-P']);
 * // r.code === 0, r.stdout starts with 'Filesystem     1024-blocks ...'
 * ```
 */
export class LocalExec implements Exec {
  /** Always `local`. */
  readonly host = 'local';
  constructor(private readonly options: LocalExecOptions = {}) {}

  /** Runs `argv` locally. */
  async run(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    assertArgv(this.host, argv);
    const opts = { ...this.options.defaults, ...options };
    const timeoutMs = opts.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
    const cap = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const started = performance.now();
    const [file, ...args] = argv as [string, ...string[]];
    return await new Promise<ExecResult>((resolve, reject) => {
      const child = spawn(file, args, {
        shell: false,
        env: this.options.env ?? { ...process.env, LC_ALL: 'C' },
        ...(this.options.cwd === undefined ? {} : { cwd: this.options.cwd }),
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const out = new OutputCollector(cap);
      const err = new OutputCollector(cap);
      let timedOut = false;
      let truncated = false;
      let spawned = false;
      const kill = (): void => {
        child.kill('SIGKILL');
      };
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, timeoutMs);
      child.on('spawn', () => {
        spawned = true;
      });
      child.stdout.on('data', (c: Buffer) => {
        if (!out.push(c)) {
          truncated = true;
          kill();
        }
      });
      child.stderr.on('data', (c: Buffer) => {
        if (!err.push(c)) {
          truncated = true;
          kill();
        }
      });
      child.stdin.on('error', () => {
        // The command may exit without reading its input (EPIPE); its exit status says what happened.
      });
      if (opts.stdin !== undefined) child.stdin.end(opts.stdin);
      else child.stdin.end();
      child.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (spawned) return;
        // A missing or non-executable program ends like it does through a shell (and over SSH):
        // exit 127 or 126, so callers see the same result whatever the transport.
        if (e.code === 'ENOENT' || e.code === 'EACCES') {
          const notFound = e.code === 'ENOENT';
          resolve({
            argv: [...argv], code: notFound ? 127 : 126, signal: null, stdout: '',
            stderr: `${file}: ${notFound ? 'command not found' : 'permission denied'}\n`,
            timedOut: false, truncated: false, durationMs: performance.now() - started,
          });
          return;
        }
        reject(new ExecError('spawn', this.host, `cannot run ${file}: ${e.message}`, { cause: e }));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (!spawned) return;
        resolve({
          argv: [...argv],
          code: timedOut || truncated ? null : code,
          signal: signal ?? null,
          stdout: out.text(),
          stderr: err.text(),
          timedOut,
          truncated,
          durationMs: performance.now() - started,
        });
      });
    });
  }

  /** Nothing to release for local runs. */
  async close(): Promise<void> {}
}
