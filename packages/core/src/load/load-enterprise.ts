import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { diag } from '../diagnostics/catalogue.js';
import type { Diagnostic, ModelPath, SourceLocation } from '../diagnostics/diagnostic.js';
import { COLLECTIONS, normalizeEnterprise, type Enterprise, type EnterpriseDocument } from '../model/enterprise.js';
import { findJsonError } from './json-error.js';
import { createJsonLocator, findDuplicateKeys } from './json-source.js';
import { LineIndex } from './line-index.js';
import { parseYaml } from './yaml-source.js';

/** Largest file ACM reads (256 MiB). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** Format of an enterprise file. */
export type SourceFormat = 'yaml' | 'json';

/** One parsed file: its value and a way to find a path's line and column in it. */
interface ParsedFile {
  readonly file: string;
  readonly value: unknown;
  readonly diagnostics: Diagnostic[];
  locate(path: ModelPath): SourceLocation;
}

/**
 * An enterprise read from files: the model (when the files could be read and parsed), the
 * problems found while reading, and a locator that turns model paths into file positions.
 */
export interface LoadedEnterprise {
  /** The model; undefined when nothing usable was read (syntax errors, not a mapping). */
  readonly enterprise: Enterprise | undefined;
  /** Problems of reading and parsing (syntax, duplicate keys, empty files, conflicts). */
  readonly diagnostics: readonly Diagnostic[];
  /** The files read, relative to the loaded path for a directory. */
  readonly files: readonly string[];
  /** File, line and column of a model path, when it came from a file. */
  locate(path: ModelPath): SourceLocation | undefined;
}

function formatOf(file: string, text: string): SourceFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}

function parseText(text: string, file: string, format: SourceFormat): ParsedFile {
  const lines = new LineIndex(text);
  const at = (offset: number): SourceLocation => ({ file, ...lines.position(offset) });
  const problem = (code: string, path: ModelPath, data: Record<string, unknown>, offset: number): Diagnostic => ({ ...diag(code, path, data), source: at(offset) });
  if (text.trim() === '' || (format === 'yaml' && text.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#')))) {
    return { file, value: undefined, diagnostics: [problem('load.empty', [], { file }, 0)], locate: () => at(0) };
  }
  if (format === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const { offset, reason } = findJsonError(text);
      return { file, value: undefined, diagnostics: [problem('load.syntax', [], { format: 'JSON', reason, file }, offset)], locate: () => at(0) };
    }
    const dups = findDuplicateKeys(text).map((d) => problem('load.duplicate-key', d.path, { key: d.key, file }, d.offset));
    const locate = createJsonLocator(text);
    return { file, value, diagnostics: dups, locate: (path) => at(locate(path)) };
  }
  const parsed = parseYaml(text);
  const diagnostics = parsed.problems.map((p) => problem(p.code, [], p.code === 'load.duplicate-key' ? { key: p.key, file } : { format: 'YAML', reason: p.reason, file }, p.offset));
  if (diagnostics.length === 0 && parsed.empty) diagnostics.push(problem('load.empty', [], { file }, 0));
  return { file, value: parsed.value, diagnostics, locate: (path) => at(parsed.locate(path)) };
}

/** Where an item of a merged collection came from. */
interface Origin {
  readonly file: number;
  readonly index: number;
}

function merge(files: readonly ParsedFile[]): { document: EnterpriseDocument | undefined; origins: Map<string, Origin[]>; owners: Map<string, number>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const origins = new Map<string, Origin[]>();
  const owners = new Map<string, number>();
  if (files.length === 1) {
    const only = files[0] as ParsedFile;
    return { document: only.value as EnterpriseDocument, origins, owners, diagnostics };
  }
  const out: Record<string, unknown> = {};
  const collections = new Set<string>(COLLECTIONS);
  files.forEach((f, fi) => {
    const value = f.value as Record<string, unknown>;
    for (const [key, v] of Object.entries(value)) {
      if (collections.has(key) && Array.isArray(v)) {
        const list = (out[key] as unknown[] | undefined) ?? [];
        const from = origins.get(key) ?? [];
        v.forEach((item, index) => {
          list.push(item);
          from.push({ file: fi, index });
        });
        out[key] = list;
        origins.set(key, from);
        continue;
      }
      const owner = owners.get(key);
      if (owner === undefined) {
        out[key] = v;
        owners.set(key, fi);
      } else if (JSON.stringify(out[key]) !== JSON.stringify(v)) {
        diagnostics.push({ ...diag('load.conflict', [key], { key, file: f.file, otherFile: (files[owner] as ParsedFile).file }), source: f.locate([key]) });
      }
    }
  });
  return { document: out as EnterpriseDocument, origins, owners, diagnostics };
}

function assemble(files: ParsedFile[], extra: Diagnostic[]): LoadedEnterprise {
  const diagnostics = [...extra, ...files.flatMap((f) => f.diagnostics)];
  const usable = files.filter((f) => f.diagnostics.every((d) => d.severity !== 'error'));
  for (const f of usable) {
    if (typeof f.value !== 'object' || f.value === null || Array.isArray(f.value)) {
      diagnostics.push({ ...diag('load.not-an-object', [], { actual: Array.isArray(f.value) ? 'a list' : typeof f.value }), source: f.locate([]) });
    }
  }
  const objects = usable.filter((f) => typeof f.value === 'object' && f.value !== null && !Array.isArray(f.value));
  const names = files.map((f) => f.file);
  if (objects.length === 0 || diagnostics.some((d) => d.severity === 'error')) {
    return { enterprise: undefined, diagnostics, files: names, locate: () => undefined };
  }
  const merged = merge(objects);
  diagnostics.push(...merged.diagnostics);
  const locate = (path: ModelPath): SourceLocation | undefined => {
    if (objects.length === 1) return (objects[0] as ParsedFile).locate(path);
    const [head, index, ...rest] = path;
    if (typeof head !== 'string') return undefined;
    const origin = typeof index === 'number' ? merged.origins.get(head)?.[index] : undefined;
    if (origin !== undefined) return (objects[origin.file] as ParsedFile).locate([head, origin.index, ...rest]);
    const owner = merged.owners.get(head);
    return owner === undefined ? undefined : (objects[owner] as ParsedFile).locate(path);
  };
  return { enterprise: merged.document === undefined ? undefined : normalizeEnterprise(merged.document), diagnostics, files: names, locate };
}

/**
 * Parses an enterprise from text (YAML or JSON). Never throws for bad input: problems are
 * diagnostics with file, line and column.
 *
 * @example
 * ```ts
 * const loaded = parseEnterprise('name: Demo\ntopology: central\n', { file: 'demo.yaml' });
 * loaded.enterprise?.name; // 'Demo'
 * ```
 */
export function parseEnterprise(text: string, options: { file?: string; format?: SourceFormat } = {}): LoadedEnterprise {
  const file = options.file ?? '<input>';
  return assemble([parseText(text, file, options.format ?? formatOf(file, text))], []);
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const p = join(d, entry.name);
      if (entry.isDirectory()) await walk(p);
      else if (/\.(ya?ml|json)$/i.test(entry.name)) out.push(p);
    }
  };
  await walk(dir);
  // enterprise.* first, then the rest in a stable order.
  return out.sort((a, b) => {
    const ea = /(^|\/)enterprise\.(ya?ml|json)$/i.test(relative(dir, a)) ? 0 : 1;
    const eb = /(^|\/)enterprise\.(ya?ml|json)$/i.test(relative(dir, b)) ? 0 : 1;
    return ea - eb || (a < b ? -1 : a > b ? 1 : 0);
  });
}

/**
 * Reads an enterprise from a YAML/JSON file or from a directory of such files (merged: collections
 * are concatenated, settings may be given once). Never throws for bad input.
 */
export async function loadEnterprise(path: string): Promise<LoadedEnterprise> {
  const unreadable = (reason: string): LoadedEnterprise => ({
    enterprise: undefined,
    diagnostics: [{ ...diag('load.unreadable', [], { file: path, reason }), source: { file: path, line: 1, column: 1 } }],
    files: [path],
    locate: () => undefined,
  });
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    return unreadable((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message);
  }
  let paths: string[];
  let base = '';
  if (info.isDirectory()) {
    base = path;
    try {
      paths = await listFiles(path);
    } catch (e) {
      return unreadable((e as Error).message);
    }
    if (paths.length === 0) return unreadable('the directory holds no .yaml, .yml or .json file');
  } else if (info.isFile()) paths = [path];
  else return unreadable('not a regular file or directory');
  const files: ParsedFile[] = [];
  const extra: Diagnostic[] = [];
  for (const p of paths) {
    const name = base === '' ? p : relative(base, p);
    try {
      const size = (await stat(p)).size;
      if (size > MAX_FILE_BYTES) {
        extra.push({ ...diag('load.too-large', [], { file: name, bytes: size, limit: MAX_FILE_BYTES }), source: { file: name, line: 1, column: 1 } });
        continue;
      }
      const buffer = await readFile(p);
      const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
      files.push(parseText(text, base === '' ? p : join(base, name), formatOf(p, text)));
    } catch (e) {
      extra.push({ ...diag('load.unreadable', [], { file: name, reason: (e as Error).message }), source: { file: name, line: 1, column: 1 } });
    }
  }
  return assemble(files, extra);
}

/** Attaches file, line and column to diagnostics whose path the loaded files can locate. */
export function withSources(diagnostics: readonly Diagnostic[], loaded: Pick<LoadedEnterprise, 'locate'>): Diagnostic[] {
  return diagnostics.map((d) => {
    if (d.source !== undefined) return d;
    const source = loaded.locate(d.path);
    const related = d.related?.map((r) => {
      const s = r.source ?? loaded.locate(r.path);
      return s === undefined ? r : { ...r, source: s };
    });
    return { ...d, ...(source === undefined ? {} : { source }), ...(related === undefined ? {} : { related }) };
  });
}
