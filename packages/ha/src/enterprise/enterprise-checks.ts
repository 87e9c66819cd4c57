import { diag } from '@acm/core';
import type { Cluster, Enterprise, ReplicationTopology, Secret, Server, TrunkLoad } from '@acm/core';
import type { Exec } from '../exec/exec.js';
import { checkReplication } from '../replication/check-replication.js';
import type { CheckReplicationOptions, ReplicationReport } from '../replication/check-replication.js';
import type { ReplicationNode } from '../replication/replication-node.js';
import { resolveSecret as defaultResolve } from '../secret.js';
import { analyzeHostHealth, collectHostFacts } from '../health/host-health.js';
import type { HealthThresholds, HostHealth } from '../health/host-health.js';
import { enterpriseHealth } from '../health/enterprise-health.js';
import type { EnterpriseHealth } from '../health/enterprise-health.js';
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
 * without a `mysql` endpoint are left out (the check then reports the topology invalid).
 */
export function replicationNodesFor(model: Pick<Enterprise, 'clusters'>, topology: ReplicationTopology, resolveSecret: (s: Secret | undefined) => string | undefined = defaultResolve): ReplicationNode[] {
  const members = new Set(topology.members);
  return allServers(model).flatMap(({ server: s }) => {
    if (!members.has(s.id) || s.mysql === undefined) return [];
    const password = resolveSecret(s.mysql.password);
    const port = s.mysql.port ?? 3306;
    return [{
      id: s.id, host: s.address, port, user: s.mysql.user,
      ...(password === undefined ? {} : { password }),
      replicationHost: s.replicationAddress ?? s.address, replicationPort: port,
    }];
  });
}

/** Options of {@link checkEnterpriseReplication}. */
export interface EnterpriseReplicationOptions extends Omit<CheckReplicationOptions, 'basePath'> {
  readonly resolveSecret?: (s: Secret | undefined) => string | undefined;
  /** Only this topology id. */
  readonly topology?: string;
}

/** Checks every declared replication topology of the enterprise (in parallel). */
export async function checkEnterpriseReplication(model: Pick<Enterprise, 'clusters' | 'replication'>, options: EnterpriseReplicationOptions = {}): Promise<ReplicationReport[]> {
  const topologies = model.replication.map((t, i) => ({ t, i })).filter(({ t }) => options.topology === undefined || t.id === options.topology);
  const servers = new Map(allServers(model).map(({ server }) => [server.id, server] as const));
  return Promise.all(topologies.map(async ({ t, i }) => {
    // A member the model knows but ACM cannot log in to is named as such, not as unknown.
    const noMysql = t.members.find((m) => servers.get(m) !== undefined && servers.get(m)?.mysql === undefined);
    if (noMysql !== undefined) {
      const diagnostics = [diag('replication.topology-invalid', ['replication', i, 'members', t.members.indexOf(noMysql)], { kind: t.kind, members: [...t.members], reason: `server "${noMysql}" has no mysql endpoint (user, port, password) in the model` })];
      return { topology: t, checkedAt: (options.now ?? (() => new Date()))().toISOString(), durationMs: 0, nodes: [], expectedEdges: [], edges: [], diagnostics, status: 'CRITICAL' as const };
    }
    return checkReplication(t, replicationNodesFor(model, t, options.resolveSecret), { ...options, basePath: ['replication', i] });
  }));
}

/** Options of {@link verifyEnterprise}. */
export interface VerifyEnterpriseOptions extends Omit<VerifyClusterOptions, 'basePath'> {
  /** Only this cluster id. */
  readonly cluster?: string;
}

/** Verifies every HA cluster of the enterprise (in parallel); model paths are `['clusters', index, ...]`. */
export async function verifyEnterprise(model: Pick<Enterprise, 'clusters'>, options: VerifyEnterpriseOptions = {}): Promise<HaReport[]> {
  const clusters = model.clusters.map((c, i) => ({ c, i })).filter(({ c }) => options.cluster === undefined || c.id === options.cluster);
  return Promise.all(clusters.map(({ c, i }) => verifyCluster(c, { ...options, basePath: ['clusters', i] })));
}

/** Options of {@link checkEnterpriseHealth}. */
export interface EnterpriseHealthOptions {
  readonly execFor?: (server: Server) => Exec | undefined;
  readonly thresholds?: HealthThresholds;
  readonly verify?: Omit<VerifyEnterpriseOptions, 'execFor'>;
  readonly replication?: EnterpriseReplicationOptions;
  /** Trunk loadings per cluster (from the poller), when known. */
  readonly itsp?: Readonly<Record<string, readonly TrunkLoad[]>>;
  /** Skip the replication check (e.g. no MySQL credentials on this machine). */
  readonly skipReplication?: boolean;
}

/** The guide's home table for the whole enterprise: HA verify, replication and host health of every server. */
export async function checkEnterpriseHealth(model: Pick<Enterprise, 'clusters' | 'replication'>, options: EnterpriseHealthOptions = {}): Promise<{ health: EnterpriseHealth; ha: HaReport[]; replication: ReplicationReport[]; hosts: HostHealth[] }> {
  const execFor = options.execFor ?? ((s: Server) => sshExecFor(s));
  const [ha, replication, hosts] = await Promise.all([
    verifyEnterprise(model, { ...options.verify, execFor }),
    options.skipReplication === true ? Promise.resolve([]) : checkEnterpriseReplication(model, options.replication),
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
  return { health: enterpriseHealth(model.clusters, { ha, replication, hosts, ...(options.itsp === undefined ? {} : { itsp: options.itsp }) }), ha, replication, hosts };
}
