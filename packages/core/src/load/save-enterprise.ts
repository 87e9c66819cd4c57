import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { COLLECTIONS, ENTERPRISE_SCHEMA, type CollectionName, type Enterprise, type EnterpriseDocument } from '../model/enterprise.js';
import type { Schema } from '../schema/schema.js';
import type { SourceFormat } from './load-enterprise.js';

/** Compares strings with digit runs compared as numbers (`6109` before `6110`, `ast9` before `ast10`). */
export function naturalCompare(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const nx = x.replace(/^0+(?=\d)/, '');
      const ny = y.replace(/^0+(?=\d)/, '');
      if (nx.length !== ny.length) return nx.length - ny.length;
      if (nx !== ny) return nx < ny ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}

const SORT_KEY: Partial<Record<CollectionName, (x: Record<string, unknown>) => string>> = {
  extensions: (x) => `${String(x.cluster)}\u0000${String(x.number)}`,
  hotDesks: (x) => `${String(x.cluster)}\u0000${String(x.number)}`,
  conferences: (x) => `${String(x.cluster)}\u0000${String(x.number)}`,
  accounts: (x) => String(x.username),
};

function canonical(value: unknown, schema: Schema<unknown> | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v, schema?.item));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const members = schema?.members;
  const out: Record<string, unknown> = {};
  const keys = members === undefined ? Object.keys(record).sort() : [...Object.keys(members), ...Object.keys(record).filter((k) => !(k in members)).sort()];
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    out[key] = canonical(v, members?.[key]);
  }
  return out;
}

/** The document in canonical form: members in schema order, collections sorted, empty collections left out. */
export function canonicalDocument(enterprise: Enterprise | EnterpriseDocument): Record<string, unknown> {
  const doc = canonical(enterprise, ENTERPRISE_SCHEMA as Schema<unknown>) as Record<string, unknown>;
  for (const c of COLLECTIONS) {
    const list = doc[c];
    if (!Array.isArray(list)) continue;
    if (list.length === 0) {
      delete doc[c];
      continue;
    }
    const key = SORT_KEY[c] ?? ((x: Record<string, unknown>) => String(x.id));
    doc[c] = list
      .map((item, i) => ({ item, k: key(item as Record<string, unknown>), i }))
      .sort((a, b) => naturalCompare(a.k, b.k) || a.i - b.i)
      .map((x) => x.item);
  }
  const plan = doc.numberPlan as Record<string, unknown> | undefined;
  if (plan !== undefined && Array.isArray(plan.rules)) {
    plan.rules = [...(plan.rules as Record<string, number>[])].sort((a, b) => (a.dpid ?? 0) - (b.dpid ?? 0) || (a.id ?? 0) - (b.id ?? 0));
  }
  return doc;
}

function render(doc: unknown, format: SourceFormat): string {
  return format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : stringify(doc, { lineWidth: 0, indent: 2 });
}

/**
 * Serialises an enterprise to YAML or JSON in a stable, sorted form: saving what was just loaded
 * from a saved file gives the same bytes.
 */
export function serializeEnterprise(enterprise: Enterprise | EnterpriseDocument, format: SourceFormat = 'yaml'): string {
  return render(canonicalDocument(enterprise), format);
}

/**
 * Creates a directory and its parents. Node's recursive mkdir answers ENOENT where the real
 * cause is a read-only file system or a forbidden parent; this one names the real cause (EROFS,
 * EACCES) and the directory it hit.
 */
export async function ensureDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    let first = dir;
    while (!existsSync(dirname(first)) && dirname(first) !== first) first = dirname(first);
    // The first missing directory, made alone, fails with the real reason.
    await mkdir(first);
    await mkdir(dir, { recursive: true });
  }
}

/** Writes a file atomically: to a temporary name in the same directory, then renamed over the target. */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await ensureDir(dirname(path));
    await writeFile(tmp, content);
    await rename(tmp, path);
  } catch (e) {
    // Best effort: where the directory could not be made there is no temporary file to remove.
    await rm(tmp, { force: true }).catch(() => undefined);
    // The error names the file asked for, not the temporary file beside it.
    const code = (e as NodeJS.ErrnoException).code;
    throw Object.assign(new Error(`cannot write ${path}: ${code ?? (e as Error).message}`), code === undefined ? {} : { code });
  }
}

const SITE_COLLECTIONS: readonly CollectionName[] = ['extensions', 'trunks', 'businessHours', 'queues', 'hotDesks', 'conferences', 'faxUsers', 'campaigns'];

/**
 * Splits an enterprise into files: `enterprise.<ext>` with the settings and enterprise-wide
 * collections, and `sites/<site>.<ext>` with each site, its clusters and what lives on them.
 */
export function splitBySite(enterprise: Enterprise | EnterpriseDocument, format: SourceFormat = 'yaml'): Map<string, string> {
  const doc = canonicalDocument(enterprise);
  const ext = format === 'json' ? 'json' : 'yaml';
  const clusterSite = new Map<string, string>();
  for (const c of (doc.clusters as { id: string; site: string }[] | undefined) ?? []) clusterSite.set(c.id, c.site);
  const sites = new Map<string, Record<string, unknown[]>>();
  const siteOf = (id: string | undefined): Record<string, unknown[]> | undefined => {
    if (id === undefined) return undefined;
    let s = sites.get(id);
    if (s === undefined) sites.set(id, (s = {}));
    return s;
  };
  const take = (collection: string, item: unknown, site: string | undefined): boolean => {
    const target = siteOf(site);
    if (target === undefined) return false;
    (target[collection] ??= []).push(item);
    return true;
  };
  const known = new Set(((doc.sites as { id: string }[] | undefined) ?? []).map((s) => s.id));
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (!Array.isArray(value)) {
      rest[key] = value;
      continue;
    }
    const kept: unknown[] = [];
    for (const item of value as Record<string, unknown>[]) {
      let site: string | undefined;
      if (key === 'sites') site = String(item.id);
      else if (key === 'clusters') site = String(item.site);
      else if (key === 'replication' && item.scope === 'site') site = item.site as string | undefined;
      else if ((SITE_COLLECTIONS as readonly string[]).includes(key)) site = clusterSite.get(String(item.cluster));
      if (site === undefined || !known.has(site) || !take(key, item, site)) kept.push(item);
    }
    if (kept.length > 0) rest[key] = kept;
  }
  const files = new Map<string, string>();
  files.set(`enterprise.${ext}`, render(rest, format));
  for (const [site, content] of [...sites].sort((a, b) => naturalCompare(a[0], b[0]))) files.set(join('sites', `${site}.${ext}`), render(content, format));
  return files;
}

/**
 * Saves an enterprise: to one file (format from its extension), or, with `layout: 'directory'`,
 * to a directory laid out by {@link splitBySite} (stale site files are removed). Every file is
 * written atomically.
 */
export async function saveEnterprise(enterprise: Enterprise | EnterpriseDocument, path: string, options: { layout?: 'file' | 'directory'; format?: SourceFormat } = {}): Promise<string[]> {
  if (options.layout === 'directory') {
    const files = splitBySite(enterprise, options.format ?? 'yaml');
    for (const [name, content] of files) await writeFileAtomic(join(path, name), content);
    const sitesDir = join(path, 'sites');
    for (const entry of await readdir(sitesDir).catch(() => [] as string[])) {
      if (/\.(ya?ml|json)$/i.test(entry) && !files.has(join('sites', entry))) await rm(join(sitesDir, entry));
    }
    return [...files.keys()];
  }
  const format = options.format ?? (/\.json$/i.test(path) ? 'json' : 'yaml');
  await writeFileAtomic(path, serializeEnterprise(enterprise, format));
  return [path];
}
