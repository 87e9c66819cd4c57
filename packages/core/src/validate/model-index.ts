import type { Cluster, Server } from '../model/cluster.js';
import type { Enterprise } from '../model/enterprise.js';
import type { Extension } from '../model/extension.js';
import type { Trunk } from '../model/trunk.js';

/** An item of a collection with its index in that collection (for diagnostic paths). */
export interface Indexed<T> {
  readonly item: T;
  readonly index: number;
}

/** A server with the cluster it belongs to and its position (for paths `clusters[i].servers[j]`). */
export interface ServerRef {
  readonly server: Server;
  readonly cluster: Cluster;
  readonly clusterIndex: number;
  readonly serverIndex: number;
}

function byId<T extends { readonly id: string }>(items: readonly T[]): Map<string, Indexed<T>> {
  const out = new Map<string, Indexed<T>>();
  items.forEach((item, index) => {
    if (typeof item === 'object' && item !== null && typeof item.id === 'string' && !out.has(item.id)) out.set(item.id, { item, index });
  });
  return out;
}

/**
 * Lookup tables over an enterprise: things by id, extensions by cluster and number.
 * Built once per validation; first occurrence wins where ids are duplicated.
 */
export class ModelIndex {
  readonly sites;
  readonly clusters;
  readonly groups;
  readonly rightsProfiles;
  readonly callClasses;
  /** `cluster/id` -> trunk (trunk names are unique per cluster). */
  readonly trunks: Map<string, Indexed<Trunk>>;
  readonly acls;
  readonly queues;
  /** Servers by id, across clusters. */
  readonly servers = new Map<string, ServerRef>();
  /** `cluster/number` -> extension. */
  readonly extensions = new Map<string, Indexed<Extension>>();
  /** number -> clusters that have an extension with it. */
  readonly extensionClusters = new Map<string, string[]>();

  constructor(readonly enterprise: Enterprise) {
    this.sites = byId(enterprise.sites);
    this.clusters = byId(enterprise.clusters);
    this.groups = byId(enterprise.groups);
    this.rightsProfiles = byId(enterprise.rightsProfiles);
    this.callClasses = byId(enterprise.callClasses);
    this.trunks = new Map<string, Indexed<Trunk>>();
    enterprise.trunks.forEach((item, index) => {
      if (typeof item !== 'object' || item === null || typeof item.cluster !== 'string' || typeof item.id !== 'string') return;
      const key = trunkKey(item.cluster, item.id);
      if (!this.trunks.has(key)) this.trunks.set(key, { item, index });
    });
    this.acls = byId(enterprise.acls);
    this.queues = byId(enterprise.queues);
    enterprise.clusters.forEach((cluster, clusterIndex) => {
      if (typeof cluster !== 'object' || cluster === null || !Array.isArray(cluster.servers)) return;
      cluster.servers.forEach((server, serverIndex) => {
        if (typeof server === 'object' && server !== null && typeof server.id === 'string' && !this.servers.has(server.id)) this.servers.set(server.id, { server, cluster, clusterIndex, serverIndex });
      });
    });
    enterprise.extensions.forEach((item, index) => {
      if (typeof item !== 'object' || item === null || typeof item.number !== 'string' || typeof item.cluster !== 'string') return;
      const key = extensionKey(item.cluster, item.number);
      if (this.extensions.has(key)) return;
      this.extensions.set(key, { item, index });
      const clusters = this.extensionClusters.get(item.number);
      if (clusters === undefined) this.extensionClusters.set(item.number, [item.cluster]);
      else clusters.push(item.cluster);
    });
  }

  /** The extension with `number` on `cluster`, if any. */
  extension(cluster: string, number: string): Indexed<Extension> | undefined {
    return this.extensions.get(extensionKey(cluster, number));
  }

  /** The trunk named `id` on `cluster`, if any. */
  trunk(cluster: string, id: string): Indexed<Trunk> | undefined {
    return this.trunks.get(trunkKey(cluster, id));
  }

  /** Trunk names of one cluster (for "did you mean"). */
  trunkNames(cluster: string): Map<string, Indexed<Trunk>> {
    const out = new Map<string, Indexed<Trunk>>();
    for (const t of this.trunks.values()) if (t.item.cluster === cluster) out.set(t.item.id, t);
    return out;
  }

  /** Id of the site a cluster belongs to. */
  siteOfCluster(cluster: string): string | undefined {
    return this.clusters.get(cluster)?.item.site;
  }
}

/** The key of an extension in {@link ModelIndex.extensions}. */
export function extensionKey(cluster: string, number: string): string {
  return `${cluster}/${number}`;
}

/** The key of a trunk in {@link ModelIndex.trunks}. */
export function trunkKey(cluster: string, id: string): string {
  return `${cluster}/${id}`;
}
