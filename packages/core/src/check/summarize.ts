import { COLLECTIONS, type CollectionName, type Enterprise } from '../model/enterprise.js';

/** Counts of one cluster's contents. */
export interface ClusterSummary {
  readonly cluster: string;
  readonly site: string;
  readonly servers: number;
  readonly extensions: number;
  readonly trunks: number;
  readonly queues: number;
  readonly hotDesks: number;
  readonly conferences: number;
}

/** What an enterprise holds, for summaries and dashboards. */
export interface EnterpriseSummary {
  readonly name: string;
  readonly topology: Enterprise['topology'];
  readonly counts: Readonly<Record<CollectionName, number>>;
  readonly clusters: readonly ClusterSummary[];
}

/** The items of a collection that are objects (a model with errors may hold anything there). */
function items<T>(list: unknown): T[] {
  return Array.isArray(list) ? (list.filter((x) => typeof x === 'object' && x !== null) as T[]) : [];
}

/**
 * Counts an enterprise's contents, overall and per cluster. Safe on a model with errors (a
 * collection of the wrong type counts 0, as `validate()` reports it), so a summary can always
 * be printed beside the findings.
 */
export function summarizeEnterprise(model: Enterprise): EnterpriseSummary {
  const e = (typeof model === 'object' && model !== null ? model : {}) as Record<string, unknown>;
  const counts = Object.fromEntries(COLLECTIONS.map((c) => [c, items(e[c]).length])) as Record<CollectionName, number>;
  const clusters = items<{ id?: unknown; site?: unknown; servers?: unknown }>(e.clusters);
  const per = new Map<string, { extensions: number; trunks: number; queues: number; hotDesks: number; conferences: number }>();
  for (const c of clusters) per.set(String(c.id), { extensions: 0, trunks: 0, queues: 0, hotDesks: 0, conferences: 0 });
  const bump = (cluster: unknown, key: 'extensions' | 'trunks' | 'queues' | 'hotDesks' | 'conferences'): void => {
    const p = per.get(String(cluster));
    if (p !== undefined) p[key]++;
  };
  for (const key of ['extensions', 'trunks', 'queues', 'hotDesks', 'conferences'] as const) for (const x of items<{ cluster?: unknown }>(e[key])) bump(x.cluster, key);
  return {
    name: typeof e.name === 'string' ? e.name : '',
    topology: model?.topology,
    counts,
    clusters: clusters.map((c) => ({ cluster: String(c.id), site: String(c.site), servers: Array.isArray(c.servers) ? c.servers.length : 0, ...(per.get(String(c.id)) as NonNullable<ReturnType<typeof per.get>>) })),
  };
}
