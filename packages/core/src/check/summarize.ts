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

/** Counts an enterprise's contents, overall and per cluster. */
export function summarizeEnterprise(e: Enterprise): EnterpriseSummary {
  const counts = Object.fromEntries(COLLECTIONS.map((c) => [c, e[c].length])) as Record<CollectionName, number>;
  const per = new Map<string, { extensions: number; trunks: number; queues: number; hotDesks: number; conferences: number }>();
  for (const c of e.clusters) per.set(c.id, { extensions: 0, trunks: 0, queues: 0, hotDesks: 0, conferences: 0 });
  const bump = (cluster: string, key: 'extensions' | 'trunks' | 'queues' | 'hotDesks' | 'conferences'): void => {
    const p = per.get(cluster);
    if (p !== undefined) p[key]++;
  };
  for (const x of e.extensions) bump(x.cluster, 'extensions');
  for (const x of e.trunks) bump(x.cluster, 'trunks');
  for (const x of e.queues) bump(x.cluster, 'queues');
  for (const x of e.hotDesks) bump(x.cluster, 'hotDesks');
  for (const x of e.conferences) bump(x.cluster, 'conferences');
  return {
    name: e.name,
    topology: e.topology,
    counts,
    clusters: e.clusters.map((c) => ({ cluster: c.id, site: c.site, servers: Array.isArray(c.servers) ? c.servers.length : 0, ...(per.get(c.id) as NonNullable<ReturnType<typeof per.get>>) })),
  };
}
