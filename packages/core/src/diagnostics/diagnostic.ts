/** How bad a finding is: `error` blocks render and deploy, `warning` and `info` do not. */
export type Severity = 'error' | 'warning' | 'info';

/** A path into the model, e.g. `['extensions', 12, 'number']`. */
export type ModelPath = readonly (string | number)[];

/** Where a value stands in a source file (1-based line and column). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The other side of a finding, e.g. the extension that already owns 5200. */
export interface RelatedInfo {
  readonly path: ModelPath;
  readonly message?: string;
  readonly source?: SourceLocation;
}

/**
 * One finding of a check. Every check in ACM returns these and never throws for bad user data.
 * Tests and scripts match on `code`, `path` and `data`; `message` is for people.
 */
export interface Diagnostic {
  /** Stable code from the catalogue, e.g. `exten.duplicate-in-context`. */
  readonly code: string;
  readonly severity: Severity;
  /** Where in the model (or, for load errors, in the document) the problem is. */
  readonly path: ModelPath;
  readonly message: string;
  /** Machine-readable facts of the finding (values, witness numbers, ids). Never secrets. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly hint?: string;
  readonly related?: readonly RelatedInfo[];
  /** File, line and column, when the model came from files. */
  readonly source?: SourceLocation;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Numeric rank of a severity (`info` 0, `warning` 1, `error` 2), for filtering and sorting. */
export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Renders a model path the way messages and the CLI show it: `extensions[12].number`. */
export function formatPath(path: ModelPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(root)' : out;
}

/** Counts diagnostics per severity. */
export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}
