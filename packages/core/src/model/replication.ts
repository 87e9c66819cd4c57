import { arr, obj, oneOf, opt, str, type Schema } from '../schema/schema.js';

/**
 * A declared MySQL replication topology over servers.
 * - `master-slave`: `members[0]` is the source, the others replicate from it;
 * - `master-master`: exactly two members replicating from each other;
 * - `circular`: a ring, each member replicates from the one before it (the first from the last).
 */
export interface ReplicationTopology {
  readonly id: string;
  /** `enterprise` (central topology) or `site` (distributed: confined to one site). */
  readonly scope: 'enterprise' | 'site';
  /** The site, when scope is `site`. */
  readonly site?: string;
  readonly kind: 'master-slave' | 'master-master' | 'circular';
  /** Server ids, in the order described above. */
  readonly members: readonly string[];
}

/** Schema of {@link ReplicationTopology}. */
export const REPLICATION_SCHEMA: Schema<ReplicationTopology> = obj<ReplicationTopology>('a replication topology')({
  id: str({ format: 'id' }),
  scope: oneOf(['enterprise', 'site']),
  site: opt(str({ format: 'id' })),
  kind: oneOf(['master-slave', 'master-master', 'circular']),
  members: arr(str({ format: 'id' }), { minLength: 2 }),
});
