import type { Exec, ExecOptions, ExecResult } from '@acm/core';
import { ExecError } from '@acm/core';

/** A canned answer: stdout text, or a partial result. */
export type FixtureAnswer = string | Partial<Pick<ExecResult, 'code' | 'stdout' | 'stderr' | 'timedOut'>>;

/**
 * An {@link Exec} that answers from recorded outputs keyed by the argv joined with spaces;
 * unknown commands exit 127 like a missing program. `down` makes every run fail as a refused
 * connection. Records the argv it was asked to run.
 */
export class FixtureExec implements Exec {
  readonly calls: string[][] = [];
  constructor(
    readonly host: string,
    private readonly answers: Readonly<Record<string, FixtureAnswer>>,
    private readonly down = false,
  ) {}

  async run(argv: readonly string[], _options?: ExecOptions): Promise<ExecResult> {
    this.calls.push([...argv]);
    if (this.down) throw new ExecError('connect', this.host, 'cannot connect (connect ECONNREFUSED)');
    const a = this.answers[argv.join(' ')];
    const base = { argv: [...argv], signal: null, stderr: '', timedOut: false, truncated: false, durationMs: 0 };
    if (a === undefined) return { ...base, code: 127, stdout: '', stderr: `${argv[0] ?? ''}: command not found\n` };
    if (typeof a === 'string') return { ...base, code: 0, stdout: a };
    return { ...base, code: a.code ?? 0, stdout: a.stdout ?? '', stderr: a.stderr ?? '', timedOut: a.timedOut ?? false };
  }

  async close(): Promise<void> {}
}
