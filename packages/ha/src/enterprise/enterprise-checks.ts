import { diag, secretBaseDir } from '@acm/core';
import type { Cluster, Enterprise, ReplicationTopology, Secret, Server } from '@acm/core';
import type { Exec } from '@acm/core';
import { checkReplication } from '../replication/check-replication.js';
import type { CheckReplicationOptions, ReplicationReport } from '../replication/check-replication.js';
import type { ForeignEdge } from '../replication/analyze-replication.js';
import { expectedEdges } from '../replication/replication-node.js';
import type { ReplicationNode } from '../replication/replication-node.js';
import { resolveSecret as defaultResolve } from '../secret.js';
import { analyzeHostHealth, collectHostFacts } from '../health/host-health.js';
import type { HealthThresholds, HostHealth } from '../health/host-health.js';
import { enterpriseHealth } from '../health/enterprise-health.js';
import type { EnterpriseHealth, ItspFigures, NotMonitored } from '../health/enterprise-health.js';
import type { HaReport } from '../verify/ha-report.js';
import { sshExecFor } from '../verify/transports.js';
import { verifyCluster } from '../verify/verify-cluster.js';
import type { VerifyClusterOptions } from '../verify/verify-cluster.js';

/** Every server of the model with its cluster. */
export function allServers(model: Pick<Enterprise, 'clusters'>): { server: Server; cluster: Cluster; index: number }[] {
  return model.clusters.flatMap((cluster) => cluster.servers.map((server, index) => ({ server, cluster, index })));
}

/**
 * The replication nodes of a topology from the model: ACM connects to each server's address on
 * its `mysql` port as its `mysql` user; replicas name it by its replication address. Servers
 * without a `mysql` endpoint are left out (the check then reports the topology invalid). A
 * password that cannot be resolved does not throw: the node carries `secretError` (why) and the
 * check names it instead of contacting it.
 */
export function replicationNodesFor(model: Pick<Enterprise, 'clusters'>, topology: ReplicationTopology, resolveSecret: (s: Secret | undefined) => string | undefined = defaultResolve): ReplicationNode[] {
  const members = new Set(topology.members);
  return allServers(model).flatMap(({ server: s }) => {
    if (!members.has(s.id) || s.mysql === undefined) return [];
    let password: string | undefined;
    let secretError: string | undefined;
    try {
      password = resolveSecret(s.mysql.password);
    } catch (e) {
      secretError = e instanceof Error ? e.message : String(e);
    }
    const port = s.mysql.port ?? 3306;
    return [{
      id: s.id, host: s.address, port, user: s.mysql.user,
      ...(password === undefined ? {} : { password }),
      replicationHost: s.replicationAddress ?? s.address, replicationPort: port,
      ...(secretError === undefined ? {} : { secretError }),
    }];
  });
}

/**
 * The connections other declared topologies give the members of `topology` (a ring member that
 * is also half of a site pair), by the address its replicas write.
 */
export function foreignEdgesFor(model: Pick<Enterprise, 'clusters' | 'replication'>, topology: ReplicationTopology): ForeignEdge[] {
  const servers = new Map(allServers(model).map(({ server }) => [server.id, server] as const));
  const members = new Set(topology.members);
  return model.replication.filter((u) => u !== topology).flatMap((u) => expectedEdges(u).flatMap((e) => {
    const src = servers.get(e.source);
    if (!members.has(e.replica) || src?.mysql === undefined) return [];
    return [{ replica: e.replica, masterHost: src.replicationAddress ?? src.address, masterPort: src.mysql.port ?? 3306, ...(u.id === undefined ? {} : { topology: u.id }) }];
  }));
}

/** Options of {@link checkEnterpriseReplication}. */
export interface EnterpriseReplicationOptions extends Omit<CheckReplicationOptions, 'basePath' | 'foreignEdges'> {
  /** Opens a model secret (default: core's `resolveSecret` with `env` and the enterprise's directory). */
  readonly resolveSecret?: (s: Secret | undefined) => string | undefined;
  /**
   * The enterprise file or directory the model was loaded from: relative `{ file }` secrets are
   * taken from its directory (core's `secretBaseDir`), as `render` does. Without it, the cwd.
   */
  readonly enterprisePath?: string;
  /** Environment for `{ env }` secrets (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Only this topology id. */
  readonly topology?: string;
}

/**
 * Checks every declared replication topology of the enterprise (in parallel). Never throws: a
 * secret that cannot be opened or a failed step gives an UNKNOWN report naming the server and why.
 */
export async function checkEnterpriseReplication(model: Pick<Enterprise, 'clusters' | 'replication'>, options: EnterpriseReplicationOptions = {}): Promise<ReplicationReport[]> {
  const topologies = model.replication.map((t, i) => ({ t, i })).filter(({ t }) => options.topology === undefined || t.id === options.topology);
  const servers = new Map(allServers(model).map(({ server }) => [server.id, server] as const));
  const baseDir = options.enterprisePath === undefined ? undefined : secretBaseDir(options.enterprisePath);
  const open = options.resolveSecret ?? ((s: Secret | undefined) => defaultResolve(s, options.env ?? process.env, baseDir));
  const { resolveSecret: _r, enterprisePath: _p, env: _e, topology: _t, ...check } = options;
  return Promise.all(topologies.map(async ({ t, i }) => {
    // A member the model knows but ACM cannot log in to is named as such, not as unknown.
    const noMysql = t.members.find((m) => servers.get(m) !== undefined && servers.get(m)?.mysql === undefined);
    if (noMysql !== undefined) {
      const diagnostics = [diag('replication.topology-invalid', ['replication', i, 'members', t.members.indexOf(noMysql)], { kind: t.kind, members: [...t.members], reason: `server "${noMysql}" has no mysql endpoint (user, port, password) in the model` })];
      return { topology: t, checkedAt: (options.now ?? (() => new Date()))().toISOString(), durationMs: 0, nodes: [], expectedEdges: [], edges: [], diagnostics, status: 'CRITICAL' as const };
    }
    return checkReplication(t, replicationNodesFor(model, t, open), { ...check, basePath: ['replication', i], foreignEdges: foreignEdgesFor(model, t) });
  }));
}

/**
 * Options of {@link verifyEnterprise}. `execFor` is the transport to each server (default SSH,
 * {@link sshExecFor}); pass `simulatedHosts(model).execFor` to verify with no network at all.
 */
export interface VerifyEnterpriseOptions extends Omit<VerifyClusterOptions, 'basePath'> {
  /** Only this cluster id. */
  readonly cluster?: string;
}

/** Verifies every HA cluster of the enterprise (in parallel); model paths are `['clusters', index, ...]`. */
export async function verifyEnterprise(model: Pick<Enterprise, 'clusters'>, options: VerifyEnterpriseOptions = {}): Promise<HaReport[]> {
  const clusters = model.clusters.map((c, i) => ({ c, i })).filter(({ c }) => options.cluster === undefined || c.id === options.cluster);
  return Promise.all(clusters.map(({ c, i }) => verifyCluster(c, { ...options, basePath: ['clusters', i] })));
}

/** How the checks reach a server: an {@link Exec} per model server (`undefined`: no transport to it). */
export type ExecFor = (server: Server) => Exec | undefined;

/** Options of {@link checkEnterpriseHealth}. */
export interface EnterpriseHealthOptions {
  /**
   * The transport to each server for HA verify and host health (default: SSH from the model's
   * `ssh` endpoint, {@link sshExecFor}). Pass `simulatedHosts(model).execFor` for a demo or a test.
   */
  readonly execFor?: ExecFor;
  readonly thresholds?: HealthThresholds;
  readonly verify?: Omit<VerifyEnterpriseOptions, 'execFor'>;
  /** Options of the default replication check ({@link checkEnterpriseReplication}). */
  readonly replication?: EnterpriseReplicationOptions;
  /**
   * Reads the replication reports instead of {@link checkEnterpriseReplication} (a simulated
   * reader, reports checked elsewhere). Ignored with `skipReplication`.
   */
  readonly readReplication?: (model: Pick<Enterprise, 'clusters' | 'replication'>) => Promise<readonly ReplicationReport[]>;
  /**
   * ITSP loading: trunk figures per cluster (from the poller), or `'not-monitored'` when this
   * caller does not watch trunks (the ITSP cells are then neutral). Absent: every ITSP cell is UNKNOWN.
   */
  readonly itsp?: ItspFigures | NotMonitored;
  /**
   * Skip the replication check (e.g. no MySQL credentials on this machine): the reporting cells
   * are `NOT-MONITORED` (neutral), not UNKNOWN.
   */
  readonly skipReplication?: boolean;
}

/** What {@link checkEnterpriseHealth} read and the table built from it. */
export interface EnterpriseHealthResult {
  readonly health: EnterpriseHealth;
  readonly ha: HaReport[];
  readonly replication: ReplicationReport[];
  readonly hosts: HostHealth[];
}

/** The guide's home table for the whole enterprise: HA verify, replication and host health of every server. */
export async function checkEnterpriseHealth(model: Pick<Enterprise, 'clusters' | 'replication'>, options: EnterpriseHealthOptions = {}): Promise<EnterpriseHealthResult> {
  const execFor: ExecFor = options.execFor ?? ((s: Server) => sshExecFor(s));
  const readReplication = options.readReplication ?? ((m: Pick<Enterprise, 'clusters' | 'replication'>) => checkEnterpriseReplication(m, options.replication));
  const [ha, replication, hosts] = await Promise.all([
    verifyEnterprise(model, { ...options.verify, execFor }),
    options.skipReplication === true ? Promise.resolve([]) : readReplication(model).then((r) => [...r]),
    Promise.all(allServers(model).map(async ({ server, cluster, index }) => {
      const exec = execFor(server);
      const path = ['clusters', model.clusters.indexOf(cluster), 'servers', index];
      if (exec === undefined) return analyzeHostHealth({ server: server.id, reachable: false, error: 'no SSH endpoint in the model', unknown: [] }, options.thresholds, path);
      try {
        return analyzeHostHealth(await collectHostFacts(server.id, exec), options.thresholds, path);
      } finally {
        await exec.close();
      }
    })),
  ]);
  // A cluster none of whose servers is a member of a declared topology has nothing to replicate.
  const members = new Set(model.replication.flatMap((t) => t.members));
  const replicationClusters = model.clusters.filter((c) => c.servers.some((s) => members.has(s.id))).map((c) => c.id);
  const health = enterpriseHealth(model.clusters, {
    ha,
    replication: options.skipReplication === true ? 'not-monitored' : replication,
    replicationClusters,
    hosts,
    ...(options.itsp === undefined ? {} : { itsp: options.itsp }),
  });
  return { health, ha, replication, hosts };
}
