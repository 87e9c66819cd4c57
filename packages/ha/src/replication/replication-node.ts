/**
 * One MySQL/MariaDB server as the replication check sees it (model-independent: the SDK builds
 * these from the enterprise's servers, tests from local servers).
 */
export interface ReplicationNode {
  /** Model id of the server (`ast16`). */
  readonly id: string;
  /** Where ACM connects to read the node's state. */
  readonly host: string;
  /** MySQL port ACM connects to (default 3306). */
  readonly port?: number;
  readonly user: string;
  /** Password (resolved secret); never printed. */
  readonly password?: string;
  /** The host the node's replicas write as `MASTER_HOST` (default `host`). */
  readonly replicationHost?: string;
  /** The port the node's replicas write as `MASTER_PORT` (default `port`). */
  readonly replicationPort?: number;
  /**
   * Why the node's password could not be resolved (unset variable, unreadable file, sealed): the
   * check then does not contact the node and reports `replication.secret-unresolved` (UNKNOWN).
   */
  readonly secretError?: string;
}

/** The declared shape of replication over a list of node ids (the model's `ReplicationTopology` fits). */
export interface TopologySpec {
  /** Topology id, for reports. */
  readonly id?: string;
  /**
   * `master-slave`: `members[0]` is the source, the others replicate from it;
   * `master-master`: two members replicating from each other;
   * `circular`: each member replicates from the one before it (the first from the last).
   */
  readonly kind: 'master-slave' | 'master-master' | 'circular';
  readonly members: readonly string[];
}

/** A declared (or actual) replication edge: `replica` reads the binary log of `source`. */
export interface EdgeRef {
  readonly source: string;
  readonly replica: string;
}

/** Why a topology cannot be checked, or `undefined` when its shape is sound. */
export function topologyProblem(t: TopologySpec, known: ReadonlySet<string>): string | undefined {
  if (new Set(t.members).size !== t.members.length) return 'a member is listed twice';
  const unknown = t.members.find((m) => !known.has(m));
  if (unknown !== undefined) return `member ${JSON.stringify(unknown)} is not a known server`;
  if (t.kind === 'master-slave' && t.members.length < 2) return 'master-slave needs a master and at least one slave';
  if (t.kind === 'master-master' && t.members.length !== 2) return `master-master needs exactly 2 members, not ${t.members.length}`;
  if (t.kind === 'circular' && t.members.length < 3) return `a ring needs at least 3 members, not ${t.members.length} (use master-master for 2)`;
  return undefined;
}

/**
 * The edges a topology declares, in order (for a ring, hop i is members[i] -> members[i+1]).
 *
 * @example
 * ```ts
 * expectedEdges({ kind: 'circular', members: ['a', 'b', 'c'] })
 * // [{ source: 'a', replica: 'b' }, { source: 'b', replica: 'c' }, { source: 'c', replica: 'a' }]
 * ```
 */
export function expectedEdges(t: TopologySpec): EdgeRef[] {
  const m = t.members;
  if (t.kind === 'master-slave') return m.slice(1).map((r) => ({ source: m[0] as string, replica: r }));
  if (t.kind === 'master-master') return m.length === 2 ? [{ source: m[0] as string, replica: m[1] as string }, { source: m[1] as string, replica: m[0] as string }] : [];
  return m.map((s, i) => ({ source: s, replica: m[(i + 1) % m.length] as string }));
}

/** Members that accept writes in the topology: the master, or every member of master-master and rings. */
export function writers(t: TopologySpec): string[] {
  return t.kind === 'master-slave' ? t.members.slice(0, 1) : [...t.members];
}
