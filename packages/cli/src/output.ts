import { AcmError, formatPath, limitDiagnostics, openWorkspace, severityRank, type Diagnostic, type Severity, type SettingsInput, type Workspace } from '@acm/sdk';

/** Where a command writes, and how. Commands never touch `process` directly. */
export interface CliContext {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Colour allowed (a TTY and no NO_COLOR). */
  readonly color: boolean;
  /** stderr is a TTY: progress may be shown. */
  readonly interactive: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Set by a command: the process exit code. */
  exitCode: number;
}

/** A usage error or unreadable input: one line on stderr, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failed operation: one line on stderr, exit code 1 (or the given code). */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

const COLORS: Record<Severity | 'dim' | 'bold', [number, number]> = { error: [31, 39], warning: [33, 39], info: [36, 39], dim: [2, 22], bold: [1, 22] };

/** Wraps text in an ANSI colour when the context allows colour. */
export function paint(ctx: CliContext, style: keyof typeof COLORS, text: string): string {
  if (!ctx.color) return text;
  const [a, b] = COLORS[style];
  return `\u001b[${a}m${text}\u001b[${b}m`;
}

/** Prints one JSON document on stdout. */
export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** Parses a `--min-severity` value. */
export function parseSeverity(value: string): Severity {
  if (value === 'error' || value === 'warning' || value === 'info') return value;
  throw new UsageError(`--min-severity: "${value}" is not a severity; expected error, warning or info`);
}

/** Keeps diagnostics at or above a severity. */
export function atLeast(diagnostics: readonly Diagnostic[], min: Severity): Diagnostic[] {
  const rank = severityRank(min);
  return diagnostics.filter((d) => severityRank(d.severity) >= rank);
}

function where(d: Diagnostic): string {
  return d.source === undefined ? formatPath(d.path) : `${d.source.file}:${d.source.line}:${d.source.column}`;
}

/** Formats diagnostics for people: grouped by severity, one line each, with location, code and path. */
export function formatDiagnostics(ctx: CliContext, all: readonly Diagnostic[]): string {
  // Garbage in must not print megabytes: at most 500 findings, long texts cut, the rest counted.
  const { shown: diagnostics, omitted } = limitDiagnostics(all);
  const lines: string[] = [];
  for (const severity of ['error', 'warning', 'info'] as const) {
    const group = diagnostics.filter((d) => d.severity === severity);
    if (group.length === 0) continue;
    lines.push(paint(ctx, 'bold', `${severity === 'error' ? 'Errors' : severity === 'warning' ? 'Warnings' : 'Notes'} (${group.length})`));
    for (const d of group) {
      const path = d.source === undefined ? '' : paint(ctx, 'dim', `  [${formatPath(d.path)}]`);
      lines.push(`  ${where(d)}  ${paint(ctx, severity, d.code)}  ${d.message}${path}`);
      if (d.hint !== undefined) lines.push(paint(ctx, 'dim', `      hint: ${d.hint}`));
      for (const r of d.related ?? []) lines.push(paint(ctx, 'dim', `      see ${r.source === undefined ? formatPath(r.path) : `${r.source.file}:${r.source.line}:${r.source.column}`}${r.message === undefined ? '' : ` (${r.message})`}`));
    }
  }
  if (omitted > 0) lines.push(paint(ctx, 'dim', `  ... and ${omitted} more finding(s) (acm validate --json lists them all)`));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Formats rows as an aligned text table. */
export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd();
  return `${[line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n')}\n`;
}

/** Flags every store command may take. */
export interface StoreFlags {
  db?: string;
  config?: string;
  json?: boolean;
  actor?: string;
  account?: string;
  templates?: string;
  targetDir?: string;
  remoteRoot?: string;
  runReloads?: boolean;
  skipReloads?: boolean;
}

/** The workspace of a command: flags beat the environment, which beats acm.config.yaml (the SDK resolves them). */
export async function workspaceOf(ctx: CliContext, flags: StoreFlags = {}): Promise<Workspace> {
  const input: SettingsInput = {
    cwd: ctx.cwd,
    env: ctx.env,
    ...(flags.config === undefined ? {} : { configFile: flags.config }),
    ...(flags.db === undefined ? {} : { store: flags.db }),
    ...(flags.actor === undefined ? {} : { actor: flags.actor }),
    ...(flags.account === undefined ? {} : { account: flags.account }),
    ...(flags.templates === undefined ? {} : { templates: flags.templates }),
    ...(flags.targetDir === undefined ? {} : { targetDir: flags.targetDir }),
    ...(flags.remoteRoot === undefined ? {} : { remoteRoot: flags.remoteRoot }),
    ...(flags.runReloads === true ? { reloads: true } : flags.skipReloads === true ? { reloads: false } : {}),
  };
  return openWorkspace(input);
}

/** Runs `fn` with the command's workspace and closes it after. */
export async function withWorkspace<T>(ctx: CliContext, flags: StoreFlags, fn: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = await workspaceOf(ctx, flags);
  try {
    return await fn(ws);
  } finally {
    await ws.close();
  }
}

/** Parses a positive number of milliseconds given to `flag` (a usage error otherwise). */
export function parseMs(flag: string, value: string): number {
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms <= 0) throw new UsageError(`${flag}: "${value}" is not a positive number of ms`);
  return ms;
}

/** Parses a number given to `flag` (a usage error when it is not one). */
export function parseNumber(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag}: "${value}" is not a number`);
  return n;
}

/** Adds `--db`, `--config`, `--account` and `--json` to a command. */
export function storeOptions(command: import('commander').Command): import('commander').Command {
  return command
    .option('--db <url>', 'store: sqlite:<file> or mysql://user@host:3306/db (default: $ACM_DATABASE_URL, then acm.config.yaml, then ./acm.db)')
    .option('--config <file>', 'configuration file (default: $ACM_CONFIG, else acm.config.yaml in the cwd or a parent)')
    .option('--account <username>', 'act with the rights of this console account (default: $ACM_ACCOUNT, then acm.config.yaml; a local SQLite store: administrator)')
    .option('--json', 'print one JSON document');
}

/** Exit code of an SDK error: bad input 2, anything else (refused, forbidden, not found, failed) 1. */
export function exitCodeOfError(e: AcmError): number {
  return e.kind === 'usage' || e.kind === 'unreadable' ? 2 : 1;
}

/** Prints an SDK error: one line on stderr, its findings (capped) on stderr, or one JSON document on stdout with `--json`. */
export function reportError(ctx: CliContext, e: AcmError, json: boolean, exitCode = exitCodeOfError(e)): number {
  ctx.stderr(`acm: ${e.message}\n`);
  if (json) {
    const { shown, omitted } = limitDiagnostics(e.diagnostics);
    printJson(ctx, { ok: false, exitCode, error: { kind: e.kind, message: e.message }, diagnostics: shown, omitted });
  } else if (e.diagnostics.length > 0) ctx.stderr(formatDiagnostics(ctx, e.diagnostics));
  return exitCode;
}

