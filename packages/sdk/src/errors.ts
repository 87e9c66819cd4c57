import type { Diagnostic } from '@acm/core';

/**
 * Why a workspace call did not do what was asked:
 * - `usage`: a bad argument or setting (a frontend's exit code 2);
 * - `unreadable`: input that cannot be read or parsed at all (exit 2);
 * - `refused`: the validation gate refused (the findings are in `diagnostics`);
 * - `forbidden`: the account may not do this ({@link can});
 * - `not-found`: no such entity, cluster or deployment;
 * - `failed`: the operation ran and failed (a server, a database).
 */
export type AcmErrorKind = 'usage' | 'unreadable' | 'refused' | 'forbidden' | 'not-found' | 'failed';

/** The one error type a workspace throws: a one-line message, a kind, and the diagnostics behind it. */
export class AcmError extends Error {
  override readonly name = 'AcmError';
  constructor(
    /** What went wrong, for exit codes and HTTP statuses. */
    readonly kind: AcmErrorKind,
    message: string,
    /** The findings behind a refusal (model paths for form fields). */
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
  }
}

/** The first line of an error's message (database drivers and SSH libraries add detail on later lines). */
export function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}
