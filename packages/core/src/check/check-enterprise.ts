import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadEnterprise, parseEnterprise, withSources, type LoadedEnterprise, type SourceFormat } from '../load/load-enterprise.js';
import type { Enterprise } from '../model/enterprise.js';
import { validate, type ValidateOptions } from '../validate/validate.js';

/** The outcome of reading and validating an enterprise. */
export interface CheckResult {
  /** The model, when the files could be read (possibly with errors in it). */
  readonly enterprise: Enterprise | undefined;
  readonly loaded: LoadedEnterprise;
  /** Load problems, then every validation finding, with file/line/column where known. */
  readonly diagnostics: readonly Diagnostic[];
  /** True when the input could not be read or parsed at all (the CLI's exit code 2). */
  readonly unreadable: boolean;
}

function finish(loaded: LoadedEnterprise, options: ValidateOptions): CheckResult {
  if (loaded.enterprise === undefined) return { enterprise: undefined, loaded, diagnostics: loaded.diagnostics, unreadable: true };
  const diagnostics = withSources([...loaded.diagnostics, ...validate(loaded.enterprise, options)], loaded);
  return { enterprise: loaded.enterprise, loaded, diagnostics, unreadable: false };
}

/**
 * Reads an enterprise from a file or directory and validates it: the one call behind `acm validate`.
 *
 * @example
 * ```ts
 * const { diagnostics } = await checkEnterprise('examples/enterprise');
 * const errors = diagnostics.filter((d) => d.severity === 'error');
 * ```
 */
export async function checkEnterprise(path: string, options: ValidateOptions = {}): Promise<CheckResult> {
  return finish(await loadEnterprise(path), options);
}

/** Like {@link checkEnterprise}, for text already in memory. */
export function checkEnterpriseText(text: string, options: ValidateOptions & { file?: string; format?: SourceFormat } = {}): CheckResult {
  return finish(parseEnterprise(text, options), options);
}
