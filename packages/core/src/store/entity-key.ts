import type { CollectionName } from '../model/enterprise.js';

const CLUSTER_NUMBER: readonly CollectionName[] = ['extensions', 'hotDesks', 'conferences'];

/** The fields that make up the store key of an entity of `collection`. */
export function keyFields(collection: CollectionName): readonly string[] {
  if ((CLUSTER_NUMBER as readonly string[]).includes(collection)) return ['cluster', 'number'];
  if (collection === 'trunks') return ['cluster', 'id'];
  if (collection === 'accounts') return ['username'];
  return ['id'];
}

/**
 * The store key of an entity: `cluster/number` for extensions, hot desks and conferences, `cluster/id`
 * for trunks, the username for accounts, the id otherwise. Undefined when a key field is missing.
 *
 * @example
 * ```ts
 * entityKey('extensions', { cluster: 'tpa1', number: '5200', ... }); // 'tpa1/5200'
 * ```
 */
export function entityKey(collection: CollectionName, entity: unknown): string | undefined {
  if (typeof entity !== 'object' || entity === null) return undefined;
  const record = entity as Record<string, unknown>;
  const parts: string[] = [];
  for (const field of keyFields(collection)) {
    const v = record[field];
    if (typeof v !== 'string' || v === '') return undefined;
    parts.push(v);
  }
  return parts.join('/');
}

/** The cluster an entity lives on, or null for enterprise-wide entities (sites, groups without a cluster, ...). */
export function entityCluster(collection: CollectionName, entity: unknown): string | null {
  if (typeof entity !== 'object' || entity === null) return null;
  if (collection === 'clusters') {
    const id = (entity as Record<string, unknown>).id;
    return typeof id === 'string' ? id : null;
  }
  const cluster = (entity as Record<string, unknown>).cluster;
  return typeof cluster === 'string' ? cluster : null;
}
