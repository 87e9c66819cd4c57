import type { CatalogueSection } from '../catalogue-entry.js';

const s = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** Codes of the store (import, edits) and of the CSV bulk import of extensions. */
export const STORE_CODES: CatalogueSection = {
  'store.empty': {
    severity: 'error',
    area: 'store',
    doc: 'The store holds no enterprise yet: import one first (`acm import <file>`).',
    message: () => 'the store holds no enterprise',
    hint: 'run `acm import <file>` first',
  },
  'store.missing-key': {
    severity: 'error',
    area: 'store',
    doc: 'An entity lacks the fields that identify it in the store (an extension needs cluster and number).',
    message: (d) => `${String(d.collection)} entry has no ${String(d.fields)}: the store cannot identify it`,
  },
  'store.duplicate-key': {
    severity: 'error',
    area: 'store',
    doc: 'Two entities of one collection have the same key (same cluster and number, same id): the store keeps one of each.',
    message: (d) => `${String(d.collection)} ${s(d.key)} appears more than once`,
  },
  'store.not-found': {
    severity: 'error',
    area: 'store',
    doc: 'An update or delete names an entity the store does not hold.',
    message: (d) => `no ${String(d.collection)} ${s(d.key)} in the store`,
  },
  'store.exists': {
    severity: 'error',
    area: 'store',
    doc: 'A create names an entity that already exists: update it instead.',
    message: (d) => `${String(d.collection)} ${s(d.key)} already exists`,
  },
  'store.unknown-collection': {
    severity: 'error',
    area: 'store',
    doc: 'A change names a collection the model does not have.',
    message: (d) => `unknown collection ${s(d.collection)}`,
  },
  'csv.syntax': {
    severity: 'error',
    area: 'csv',
    doc: 'The CSV file cannot be parsed (an unterminated quote, a row with more cells than the header).',
    message: (d) => `CSV syntax error: ${String(d.reason)}`,
  },
  'csv.unknown-column': {
    severity: 'error',
    area: 'csv',
    doc: 'A header names a column ACM does not know (neither an ACM column nor a FreePBX Bulk Handler column it maps).',
    message: (d) => `unknown column ${s(d.column)}${d.suggestion === undefined ? '' : ` (did you mean ${s(d.suggestion)}?)`}`,
  },
  'csv.missing-column': {
    severity: 'error',
    area: 'csv',
    doc: 'A column the import needs is absent from the header (the extension number, the cluster).',
    message: (d) => `the CSV has no ${s(d.column)} column`,
  },
  'csv.bad-action': {
    severity: 'error',
    area: 'csv',
    doc: 'The `action` cell is not one of add, edit, del (empty means add, or edit when the extension exists).',
    message: (d) => `action ${s(d.value)} is not add, edit or del`,
  },
  'csv.bad-value': {
    severity: 'error',
    area: 'csv',
    doc: 'A cell cannot be converted to the field it fills (a yes/no column holding something else, a number that is not one).',
    message: (d) => `${s(d.value)} is not ${String(d.expected)}`,
  },
  'csv.duplicate-row': {
    severity: 'error',
    area: 'csv',
    doc: 'Two rows of one import name the same extension (cluster and number).',
    message: (d) => `extension ${s(d.key)} also appears on row ${String(d.otherRow)}`,
  },
};
