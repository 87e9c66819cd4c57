import type { Severity } from './diagnostic.js';

/** One documented diagnostic code: its default severity, its message and its documentation line. */
export interface CatalogueEntry {
  readonly severity: Severity;
  /** Lifecycle group or engine the rule belongs to (`load`, `model`, `dialplan`, ...), used by the docs. */
  readonly area: string;
  /** One sentence for `docs/diagnostics.md`. */
  readonly doc: string;
  /** Builds the human message from the diagnostic's `data`. */
  readonly message: (data: Readonly<Record<string, unknown>>) => string;
  readonly hint?: string;
}

/** A set of catalogue entries keyed by code; each area of core contributes one. */
export type CatalogueSection = Readonly<Record<string, CatalogueEntry>>;
