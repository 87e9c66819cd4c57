import type { CatalogueEntry, CatalogueSection } from './catalogue-entry.js';
import type { Diagnostic, ModelPath, RelatedInfo, Severity } from './diagnostic.js';
import { LOAD_CODES } from './codes/load.js';
import { MODEL_CODES } from './codes/model.js';
import { DIALPLAN_CODES } from './codes/dialplan.js';
import { REPLICATION_CODES } from './codes/replication.js';
import { NUMBER_SPACE_CODES } from './codes/number-space.js';
import { STORE_CODES } from './codes/store.js';
import { RENDER_CODES } from './codes/render.js';

const SECTIONS: readonly CatalogueSection[] = [LOAD_CODES, MODEL_CODES, DIALPLAN_CODES, REPLICATION_CODES, NUMBER_SPACE_CODES, STORE_CODES, RENDER_CODES];

function merge(sections: readonly CatalogueSection[]): ReadonlyMap<string, CatalogueEntry> {
  const out = new Map<string, CatalogueEntry>();
  for (const section of sections) {
    for (const [code, entry] of Object.entries(section)) {
      if (out.has(code)) throw new Error(`diagnostic code ${code} is defined twice in the catalogue`);
      out.set(code, entry);
    }
  }
  return out;
}

/** Every diagnostic code ACM can report, with its severity, message template and documentation. */
export const CATALOGUE: ReadonlyMap<string, CatalogueEntry> = merge(SECTIONS);

/** The entry's message; a value that cannot be turned into text (bad input in `data`) never makes a check throw. */
function safeMessage(entry: CatalogueEntry, code: string, data: Readonly<Record<string, unknown>>): string {
  try {
    return entry.message(data);
  } catch {
    return `${code}: a value of this finding cannot be shown as text`;
  }
}

/** Optional parts of a diagnostic beyond its code, path and data. */
export interface DiagOptions {
  readonly related?: readonly RelatedInfo[];
  readonly hint?: string;
  readonly severity?: Severity;
}

/**
 * Builds a diagnostic from the catalogue: severity, message and hint come from the entry for `code`.
 *
 * @example
 * ```ts
 * diag('ref.unknown', ['extensions', 3, 'group'], { kind: 'group', value: 'USSale', suggestion: 'USSales' });
 * // { code: 'ref.unknown', severity: 'error', message: 'unknown group "USSale" (did you mean "USSales"?)', ... }
 * ```
 */
export function diag(code: string, path: ModelPath, data: Readonly<Record<string, unknown>> = {}, options: DiagOptions = {}): Diagnostic {
  const entry = CATALOGUE.get(code);
  if (entry === undefined) throw new Error(`diagnostic code ${code} is not in the catalogue`);
  const hint = options.hint ?? entry.hint;
  return {
    code,
    severity: options.severity ?? entry.severity,
    path,
    message: safeMessage(entry, code, data),
    data,
    ...(hint === undefined ? {} : { hint }),
    ...(options.related === undefined || options.related.length === 0 ? {} : { related: options.related }),
  };
}
