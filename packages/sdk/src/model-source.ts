import { resolve } from 'node:path';
import { checkEnterprise, countBySeverity, summarizeEnterprise, type Diagnostic, type Enterprise, type EnterpriseSummary, type LoadedEnterprise } from '@acm/core';
import { AcmError } from './errors.js';

/** Findings by severity. */
export interface SeverityCounts {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
}

/** What checking a model gives: its findings, their counts, a summary, and whether it could be read at all. */
export interface CheckReport {
  /** Where the model came from: a path, or `store`. */
  readonly source: string;
  /** The files read (empty for the store). */
  readonly files: readonly string[];
  /** True when the input could not be read or parsed at all. */
  readonly unreadable: boolean;
  /** No errors and readable. */
  readonly valid: boolean;
  readonly counts: SeverityCounts;
  /** What the model holds; undefined when it could not be read. */
  readonly summary: EnterpriseSummary | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** A model read from files with its findings (file, line and column where known). */
export interface LoadedModel {
  readonly enterprise: Enterprise;
  readonly report: CheckReport;
  /** The files as read (to give later findings their file, line and column). */
  readonly loaded: LoadedEnterprise;
}

/** Reads and validates an enterprise from a file or directory of YAML/JSON; never throws for bad input. */
export async function checkPath(path: string, cwd: string): Promise<{ report: CheckReport; enterprise: Enterprise | undefined; loaded: LoadedEnterprise }> {
  const result = await checkEnterprise(resolve(cwd, path));
  const counts = countBySeverity(result.diagnostics);
  const enterprise = result.unreadable ? undefined : result.enterprise;
  return {
    enterprise,
    loaded: result.loaded,
    report: {
      source: path,
      files: result.loaded.files,
      unreadable: result.unreadable,
      valid: !result.unreadable && counts.error === 0,
      counts,
      summary: enterprise === undefined ? undefined : summarizeEnterprise(enterprise),
      diagnostics: result.diagnostics,
    },
  };
}

/** Reads a model from files for a use case that needs one: unreadable input is an {@link AcmError} of kind `unreadable`. */
export async function loadPath(path: string, cwd: string): Promise<LoadedModel> {
  const { report, enterprise, loaded } = await checkPath(path, cwd);
  if (enterprise === undefined) {
    const first = report.diagnostics[0];
    throw new AcmError('unreadable', `${path}: cannot read the enterprise${first === undefined ? '' : `: ${first.message}`}`, report.diagnostics);
  }
  return { enterprise, report, loaded };
}

/** How many findings, and how long a message, a report shows (the rest is counted, not printed). */
export interface DiagnosticLimits {
  /** At most this many findings (default 500). */
  readonly max?: number;
  /** Messages, hints and values longer than this are cut with an ellipsis (default 400 characters). */
  readonly maxLength?: number;
}

/** The findings to show and how many were left out. */
export interface LimitedDiagnostics {
  readonly shown: readonly Diagnostic[];
  readonly omitted: number;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Caps what a report shows: 10 MB of garbage must not print 24 MB of findings. Errors come first
 * (in their order), then warnings, then notes; messages, hints and string data are shortened.
 *
 * @example
 * ```ts
 * const { shown, omitted } = limitDiagnostics(report.diagnostics, { max: 100 });
 * if (omitted > 0) console.log(`... and ${omitted} more`);
 * ```
 */
export function limitDiagnostics(diagnostics: readonly Diagnostic[], limits: DiagnosticLimits = {}): LimitedDiagnostics {
  const max = limits.max ?? 500;
  const maxLength = limits.maxLength ?? 400;
  const ranked = [...diagnostics.filter((d) => d.severity === 'error'), ...diagnostics.filter((d) => d.severity === 'warning'), ...diagnostics.filter((d) => d.severity === 'info')];
  const shown = ranked.slice(0, max).map((d): Diagnostic => ({
    ...d,
    message: cut(d.message, maxLength),
    ...(d.hint === undefined ? {} : { hint: cut(d.hint, maxLength) }),
    data: Object.fromEntries(Object.entries(d.data).map(([k, v]) => [k, typeof v === 'string' ? cut(v, maxLength) : v])),
    path: d.path.map((p) => (typeof p === 'string' ? cut(p, 80) : p)),
  }));
  return { shown, omitted: Math.max(0, ranked.length - max) };
}
