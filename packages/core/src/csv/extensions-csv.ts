import { diag } from '../diagnostics/catalogue.js';
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';
import type { Enterprise } from '../model/enterprise.js';
import type { Extension } from '../model/extension.js';
import type { Secret } from '../model/secret.js';
import { suggest } from '../schema/did-you-mean.js';
import { entityKey } from '../store/entity-key.js';
import { applyChanges, type Change, type ChangeOptions, type Store } from '../store/store.js';
import { ACM_COLUMNS, ACTION_COLUMN, EXTENSION_COLUMNS, type ExtensionColumn } from './extension-columns.js';
import { csvCell, parseCsv } from './parse-csv.js';

/** Options of {@link importExtensionsCsv}. */
export interface ExtensionsCsvImportOptions extends ChangeOptions {
  /** File name used in diagnostics' source locations. */
  readonly file?: string;
  /** Cluster for rows without a `cluster` cell (FreePBX files have none). */
  readonly cluster?: string;
  /** Group for added rows without a `group` cell. */
  readonly group?: string;
}

/** What an import did (or would do): counts per action, and every diagnostic with its row and column. */
export interface ExtensionsCsvImportResult {
  readonly ok: boolean;
  readonly added: number;
  readonly edited: number;
  readonly deleted: number;
  /** Errors (nothing was written when there is one) and warnings (unknown columns, ignored). */
  readonly diagnostics: readonly Diagnostic[];
}

interface RowChange {
  readonly line: number;
  readonly key: string;
  /** Header name of each field path (joined with `.`) this row set. */
  readonly columns: ReadonlyMap<string, string>;
}

function secretOf(text: string): Secret {
  const m = /^(env|file|sealed):(.+)$/.exec(text);
  if (m === null) return text;
  const [, kind, value] = m as unknown as [string, 'env' | 'file' | 'sealed', string];
  return kind === 'env' ? { env: value } : kind === 'file' ? { file: value } : { sealed: value };
}

function secretText(secret: unknown): string {
  if (typeof secret === 'string') return secret;
  if (typeof secret === 'object' && secret !== null) {
    const [k, v] = Object.entries(secret)[0] ?? [];
    if (typeof k === 'string' && typeof v === 'string') return `${k}:${v}`;
  }
  return '';
}

function convertCell(column: ExtensionColumn, raw: string): { value?: unknown; expected?: string } {
  const text = column.convert === undefined ? raw : column.convert(raw);
  if (text === undefined) return {};
  switch (column.kind) {
    case 'string':
      return { value: text };
    case 'secret':
      return { value: secretOf(text) };
    case 'list':
      return { value: text.split(/[,;\s]+/).filter((s) => s !== '') };
    case 'number':
      return /^-?\d+$/.test(text) ? { value: Number(text) } : { expected: 'a whole number' };
    case 'boolean':
      if (/^(yes|y|true|1|on)$/i.test(text)) return { value: true };
      if (/^(no|n|false|0|off)$/i.test(text)) return { value: false };
      return { expected: 'yes or no' };
  }
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let obj = target;
  for (const p of path.slice(0, -1)) {
    const next = obj[p];
    obj = (obj[p] = typeof next === 'object' && next !== null ? { ...(next as Record<string, unknown>) } : {}) as Record<string, unknown>;
  }
  obj[path[path.length - 1] as string] = value;
}

/**
 * Imports extensions from CSV (ACM columns, or FreePBX Bulk Handler columns) with the `action`
 * column: `add`, `edit`, `del`, or empty (add when new, else edit). Every row is validated with
 * the whole model; a diagnostic's path is `['csv', line, column]` and its `source` the file position.
 * All or nothing: one error and nothing is written.
 */
export async function importExtensionsCsv(store: Store, text: string, options: ExtensionsCsvImportOptions = {}): Promise<ExtensionsCsvImportResult> {
  const file = options.file ?? 'extensions.csv';
  const at = (line: number, column: number): SourceLocation => ({ file, line, column });
  const fail = (diagnostics: Diagnostic[]): ExtensionsCsvImportResult => ({ ok: false, added: 0, edited: 0, deleted: 0, diagnostics });
  const parsed = parseCsv(text);
  if ('error' in parsed) return fail([{ ...diag('csv.syntax', ['csv', parsed.line], { reason: parsed.error, line: parsed.line }), source: at(parsed.line, 1) }]);
  const [header, ...rows] = parsed.records;
  if (header === undefined) return fail([{ ...diag('csv.missing-column', ['csv', 1], { column: 'number' }), source: at(1, 1) }]);
  const diagnostics: Diagnostic[] = [];
  const names = header.cells.map((c) => c.trim());
  const columns: (ExtensionColumn | undefined)[] = names.map((name, i) => {
    if (name === ACTION_COLUMN) return undefined;
    const c = EXTENSION_COLUMNS.get(name);
    if (c === undefined) {
      const suggestion = suggest(name, ACM_COLUMNS.map((x) => x.name));
      diagnostics.push({ ...diag('csv.unknown-column', ['csv', header.line, name], { column: name, ...(suggestion === undefined ? {} : { suggestion }) }, { severity: 'warning' }), source: at(header.line, i + 1) });
    }
    return c;
  });
  const numberCol = columns.findIndex((c) => c?.field[0] === 'number');
  if (numberCol < 0) diagnostics.push({ ...diag('csv.missing-column', ['csv', header.line], { column: 'number' }), source: at(header.line, 1) });
  if (!columns.some((c) => c?.field[0] === 'cluster') && options.cluster === undefined) {
    diagnostics.push({ ...diag('csv.missing-column', ['csv', header.line], { column: 'cluster' }), source: at(header.line, 1), hint: 'add a cluster column or give a default cluster (--cluster)' });
  }
  if (diagnostics.some((d) => d.severity === 'error')) return fail(diagnostics);
  const actionCol = names.indexOf(ACTION_COLUMN);

  const before = await store.exportEnterprise();
  if (before === undefined) return fail([diag('store.empty', [], {})]);
  const existing = new Map(before.extensions.map((e) => [`${e.cluster}/${e.number}`, e]));
  const changes: Change[] = [];
  const rowOf = new Map<string, RowChange>();
  let added = 0;
  let edited = 0;
  let deleted = 0;
  for (const row of rows) {
    const cell = (i: number): string => (row.cells[i] ?? '').trim();
    if (row.cells.length > names.length) {
      diagnostics.push({ ...diag('csv.syntax', ['csv', row.line], { reason: `${row.cells.length} cells for ${names.length} columns`, line: row.line }), source: at(row.line, names.length + 1) });
      continue;
    }
    const action = actionCol < 0 ? '' : cell(actionCol).toLowerCase();
    if (!['', 'add', 'edit', 'del', 'delete'].includes(action)) {
      diagnostics.push({ ...diag('csv.bad-action', ['csv', row.line, ACTION_COLUMN], { value: cell(actionCol) }), source: at(row.line, actionCol + 1) });
      continue;
    }
    const values: Record<string, unknown> = {};
    const used = new Map<string, string>();
    let bad = false;
    columns.forEach((c, i) => {
      if (c === undefined || cell(i) === '') return;
      const { value, expected } = convertCell(c, cell(i));
      if (expected !== undefined) {
        bad = true;
        diagnostics.push({ ...diag('csv.bad-value', ['csv', row.line, names[i] as string], { column: names[i], value: cell(i), expected }), source: at(row.line, i + 1) });
        return;
      }
      if (value === undefined) return;
      setPath(values, c.field, value);
      used.set(c.field.join('.'), names[i] as string);
    });
    if (bad) continue;
    if (values.cluster === undefined && options.cluster !== undefined) values.cluster = options.cluster;
    const key = entityKey('extensions', values);
    if (key === undefined) {
      diagnostics.push({ ...diag('csv.missing-column', ['csv', row.line, names[numberCol] ?? 'number'], { column: values.cluster === undefined ? 'cluster' : 'number' }), source: at(row.line, numberCol + 1) });
      continue;
    }
    const other = rowOf.get(key);
    if (other !== undefined) {
      diagnostics.push({ ...diag('csv.duplicate-row', ['csv', row.line, names[numberCol] ?? 'number'], { key, otherRow: other.line }), source: at(row.line, numberCol + 1) });
      continue;
    }
    rowOf.set(key, { line: row.line, key, columns: used });
    const current = existing.get(key);
    const kind = action === '' ? (current === undefined ? 'add' : 'edit') : action === 'delete' ? 'del' : action;
    if (kind === 'del') {
      changes.push({ action: 'delete', collection: 'extensions', key });
      deleted++;
    } else if (kind === 'edit') {
      const patch: Record<string, unknown> = { ...values };
      // Nested members merge with what the extension has (a new voicemail PIN keeps the box and e-mail).
      for (const [k, v] of Object.entries(patch)) {
        const old = (current as Record<string, unknown> | undefined)?.[k];
        if (typeof v === 'object' && v !== null && !Array.isArray(v) && typeof old === 'object' && old !== null && !Array.isArray(old)) patch[k] = { ...old, ...v };
      }
      changes.push({ action: 'update', collection: 'extensions', key, patch });
      edited++;
    } else {
      if (values.group === undefined && options.group !== undefined) values.group = options.group;
      const vm = values.voicemail as Record<string, unknown> | undefined;
      if (vm !== undefined && vm.box === undefined) vm.box = values.number;
      changes.push({ action: 'create', collection: 'extensions', value: values });
      added++;
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return fail(diagnostics);

  // Validate the whole model after every row, and place each new error on its row and column.
  const applied = applyChanges(before, changes);
  const located = (d: Diagnostic, after: Enterprise): Diagnostic => {
    const [collection, index, ...rest] = d.path;
    const ext = collection === 'extensions' && typeof index === 'number' ? after.extensions[index] : undefined;
    const row = ext === undefined ? undefined : rowOf.get(`${ext.cluster}/${ext.number}`);
    if (row === undefined) return d;
    let column: string | undefined;
    for (let n = rest.length; n > 0 && column === undefined; n--) column = row.columns.get(rest.slice(0, n).join('.'));
    const colIndex = column === undefined ? numberCol : names.indexOf(column);
    const columnName = column ?? names[numberCol] ?? 'number';
    return { ...d, path: ['csv', row.line, columnName], data: { ...d.data, row: row.line, column: columnName, modelPath: d.path }, source: at(row.line, colIndex + 1) };
  };
  if (applied.diagnostics.length > 0) {
    const byChange = applied.diagnostics.map((d) => {
      const i = d.path[1];
      const change = typeof i === 'number' ? changes[i] : undefined;
      const key = change === undefined ? undefined : change.action === 'create' ? entityKey('extensions', change.value) : change.key;
      const row = key === undefined ? undefined : rowOf.get(key);
      return row === undefined ? d : { ...d, path: ['csv', row.line, names[numberCol] ?? 'number'], source: at(row.line, numberCol + 1) };
    });
    return fail([...diagnostics, ...byChange]);
  }
  // The store decides (incrementally when it keeps a validator, as a full validation before and
  // after would); a dry run validates the same way and writes nothing.
  const written = await store.batch(changes, options);
  if (!written.ok) return fail([...diagnostics, ...written.diagnostics.map((d) => located(d, applied.after))]);
  return { ok: true, added, edited, deleted, diagnostics };
}

/** Options of {@link exportExtensionsCsv}. */
export interface ExtensionsCsvExportOptions {
  /** Only this cluster's extensions. */
  readonly cluster?: string;
  /** Write SIP secrets and voicemail PINs (default: those columns are left out). */
  readonly includeSecrets?: boolean;
}

function getPath(value: unknown, path: readonly string[]): unknown {
  let v: unknown = value;
  for (const p of path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

/**
 * Writes extensions as CSV with ACM's columns (an empty `action` column first, so the file can be
 * edited and imported back). Secrets are left out unless asked for.
 */
export function extensionsToCsv(extensions: readonly Extension[], options: ExtensionsCsvExportOptions = {}): string {
  const cols = ACM_COLUMNS.filter((c) => options.includeSecrets === true || c.kind !== 'secret');
  const lines = [[ACTION_COLUMN, ...cols.map((c) => c.name)].join(',')];
  for (const ext of extensions) {
    if (options.cluster !== undefined && ext.cluster !== options.cluster) continue;
    const cells = cols.map((c) => {
      const v = getPath(ext, c.field);
      if (v === undefined) return '';
      if (c.kind === 'secret') return csvCell(secretText(v));
      if (c.kind === 'boolean') return v === true ? 'yes' : 'no';
      if (c.kind === 'list' && Array.isArray(v)) return csvCell(v.join(','));
      return csvCell(String(v));
    });
    lines.push(['', ...cells].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The store's extensions as CSV (see {@link extensionsToCsv}), in store order. */
export async function exportExtensionsCsv(store: Store, options: ExtensionsCsvExportOptions = {}): Promise<string> {
  return extensionsToCsv(await store.extensions.list(options.cluster === undefined ? {} : { cluster: options.cluster }), options);
}
