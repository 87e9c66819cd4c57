import { MemoryStatusStore, SqlStatusStore, enterpriseStatus, pollStatus, type EnterpriseStatusView } from '@acm/ami';
import type { Enterprise, TrunkLoad } from '@acm/core';
import {
  checkEnterpriseHealth, checkEnterpriseReplication, haExitCode, replicationExitCode, simulatedHosts, simulatedReplication, verifyEnterprise, whatIf,
  type EnterpriseHealth, type HaReport, type HealthThresholds, type ItspFigures, type NotMonitored, type ReplicationFault, type ReplicationReport, type SimulatedFaults,
  type WhatIfResult, type WhatIfScenario,
} from '@acm/ha';
import { AcmError } from './errors.js';
import type { ModelInput, ModelRead, Workspace } from './workspace.js';

/** Stand-ins for the servers: in-process hosts and AMI simulators on loopback, never a model address. */
export interface SimulateOptions {
  /** Run every check against stand-ins of the servers instead of the servers. */
  readonly simulate?: boolean;
  /** With `simulate`: faults to plant (servers down, VIPs elsewhere, full disks, ...). */
  readonly faults?: SimulatedFaults;
  /** With `simulate`: replication faults to plant (IO thread stopped, SQL error, lag, node down). */
  readonly replicationFaults?: readonly ReplicationFault[];
}

/** Options of {@link Workspace.replication}. */
export interface ReplicationOptions extends ModelInput, SimulateOptions {
  readonly topology?: string;
  /** Also write a heartbeat row on each writer and time its arrival on the others. */
  readonly heartbeat?: boolean;
  /** How long to wait for the heartbeats (default 3000 ms; the check ends as soon as all arrived). */
  readonly heartbeatTimeoutMs?: number;
  /** Seconds_Behind_Master above this is a warning (default 30). */
  readonly maxLagSeconds?: number;
}

/** What {@link Workspace.replication} returns: a report per topology and the monitoring exit code. */
export interface ReplicationCheckReport {
  readonly topologies: readonly ReplicationReport[];
  /** 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
  readonly exitCode: number;
}

/** Options of {@link Workspace.health}. */
export interface HealthOptions extends ModelInput, SimulateOptions {
  readonly thresholds?: HealthThresholds;
  /** Do not read replication (no MySQL credentials here): the reporting cells are NOT-MONITORED. */
  readonly skipReplication?: boolean;
}

/** The enterprise health home (the guide's status of the enterprise) and what it was built from. */
export interface HealthReport {
  readonly health: EnterpriseHealth;
  /** Where the ITSP figures came from: the poller's rows in the store, the simulators, or nowhere (NOT-MONITORED). */
  readonly itspSource: 'store' | 'simulate' | 'not-monitored';
}

/** Options of {@link Workspace.haVerify}. */
export interface HaVerifyOptions extends ModelInput, SimulateOptions {
  readonly cluster?: string;
  /** Directories whose files must be identical on the servers (default /etc/asterisk). */
  readonly configPaths?: readonly string[];
  readonly timeoutMs?: number;
}

/** What {@link Workspace.haVerify} returns: a report per HA cluster and the monitoring exit code. */
export interface HaVerifyReport {
  readonly clusters: readonly HaReport[];
  /** 0 NORMAL, 1 FAILOVER/DEGRADED, 2 SPLIT-BRAIN/DOWN, 3 UNKNOWN (worst wins). */
  readonly exitCode: number;
}

/** Trunk loadings per cluster from a status view (the poller's channel counts against each trunk's capacity). */
export function itspFigures(enterprise: Enterprise, view: EnterpriseStatusView): ItspFigures {
  const out: Record<string, TrunkLoad[]> = {};
  for (const c of enterprise.clusters) out[c.id] = [];
  // The view's figures are the one trunk utilisation (core's loadFigures): passed on as they are.
  for (const t of view.trunks) out[t.cluster]?.push({ trunk: t.trunk, ...t.load });
  return out;
}

function hostsFor(read: ModelRead, options: SimulateOptions): ReturnType<typeof simulatedHosts> | undefined {
  return options.simulate === true ? simulatedHosts(read.enterprise, options.faults === undefined ? {} : { faults: options.faults }) : undefined;
}

async function itspOf(ws: Workspace, read: ModelRead, options: SimulateOptions): Promise<{ figures: ItspFigures | NotMonitored; source: HealthReport['itspSource'] }> {
  if (options.simulate === true) {
    // Idle simulators (no warm-up calls): a healthy simulated enterprise is OK, and a load to show is planted on purpose.
    const polled = await pollStatus(read.enterprise, new MemoryStatusStore(), { simulate: { warmupSteps: 0 } });
    return { figures: itspFigures(read.enterprise, polled.view), source: 'simulate' };
  }
  // A model from files still gets the figures a poller wrote to the configured store, if there is one.
  if (!read.fromStore && !ws.storeExists()) return { figures: 'not-monitored', source: 'not-monitored' };
  const servers = read.enterprise.clusters.flatMap((c) => c.servers.map((s) => s.id));
  const snapshot = await new SqlStatusStore(await ws.store()).snapshot({ servers });
  if (snapshot.trunks.length === 0) return { figures: 'not-monitored', source: 'not-monitored' };
  return { figures: itspFigures(read.enterprise, enterpriseStatus(read.enterprise, snapshot)), source: 'store' };
}

/** @internal {@link Workspace.health}. */
export async function health(ws: Workspace, options: HealthOptions): Promise<HealthReport> {
  const read = await ws.model(options);
  if (read.fromStore && options.simulate !== true) await ws.require('monitor', {}, 'health');
  const hosts = hostsFor(read, options);
  const itsp = await itspOf(ws, read, options);
  const result = await checkEnterpriseHealth(read.enterprise, {
    ...(hosts === undefined ? {} : { execFor: hosts.execFor }),
    ...(options.thresholds === undefined ? {} : { thresholds: options.thresholds }),
    skipReplication: options.skipReplication === true,
    replication: replicationOptions(read, options),
    itsp: itsp.figures,
  });
  return { health: result.health, itspSource: itsp.source };
}

function replicationOptions(read: ModelRead, options: SimulateOptions): Parameters<typeof checkEnterpriseReplication>[1] {
  if (options.simulate === true) return { ...simulatedReplication(read.enterprise, options.replicationFaults === undefined ? {} : { faults: options.replicationFaults }) };
  return { env: { ...process.env }, ...(read.secretBase === undefined ? {} : { enterprisePath: read.secretBase }) };
}

/** @internal {@link Workspace.replication}. */
export async function replication(ws: Workspace, options: ReplicationOptions): Promise<ReplicationCheckReport> {
  const read = await ws.model(options);
  if (read.fromStore && options.simulate !== true) await ws.require('monitor', {}, 'replication check');
  if (read.enterprise.replication.length === 0) throw new AcmError('usage', 'the enterprise declares no replication topology');
  if (options.topology !== undefined && !read.enterprise.replication.some((t) => t.id === options.topology)) throw new AcmError('usage', `--topology: no topology ${JSON.stringify(options.topology)}`);
  const maxLagSeconds = options.maxLagSeconds ?? 30;
  if (!Number.isFinite(maxLagSeconds) || maxLagSeconds < 0) throw new AcmError('usage', `--max-lag: ${JSON.stringify(String(options.maxLagSeconds))} is not a number of seconds`);
  const timeoutMs = options.heartbeatTimeoutMs;
  if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs <= 0)) throw new AcmError('usage', `--heartbeat-timeout: ${JSON.stringify(String(timeoutMs))} is not a positive number of milliseconds`);
  const topologies = await checkEnterpriseReplication(read.enterprise, {
    ...replicationOptions(read, options),
    maxLagSeconds,
    heartbeat: options.heartbeat === true ? (timeoutMs === undefined ? true : { timeoutMs }) : false,
    ...(options.topology === undefined ? {} : { topology: options.topology }),
  });
  return { topologies, exitCode: replicationExitCode(topologies) };
}

/** @internal {@link Workspace.haVerify}. */
export async function haVerify(ws: Workspace, options: HaVerifyOptions): Promise<HaVerifyReport> {
  const read = await ws.model(options);
  if (read.fromStore && options.simulate !== true) await ws.require('monitor', options.cluster === undefined ? {} : { cluster: options.cluster }, 'ha verify');
  if (options.cluster !== undefined) await ws.requireCluster(options.cluster, read.enterprise);
  if (options.timeoutMs !== undefined && (!Number.isInteger(options.timeoutMs) || options.timeoutMs <= 0)) throw new AcmError('usage', `--timeout: ${JSON.stringify(String(options.timeoutMs))} is not a positive number of milliseconds`);
  const hosts = hostsFor(read, options);
  const clusters = await verifyEnterprise(read.enterprise, {
    ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
    ...(options.configPaths === undefined ? {} : { configPaths: options.configPaths }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(hosts === undefined ? {} : { execFor: hosts.execFor }),
  });
  return { clusters, exitCode: haExitCode(clusters) };
}

/** @internal {@link Workspace.whatIf}. */
export async function whatIfOf(ws: Workspace, scenario: WhatIfScenario, input: ModelInput): Promise<WhatIfResult> {
  const read = await ws.model(input);
  const result = whatIf(read.enterprise, scenario);
  if (result.unknown !== undefined) throw new AcmError('usage', `no ${result.unknown} in the enterprise`);
  return result;
}
