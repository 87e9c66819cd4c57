import type { Cluster, ModelPath, Server } from '@acm/core';
import type { Exec } from '@acm/core';
import { ExecError } from '@acm/core';
import { addressesToProbe, analyzeCluster } from './analyze-cluster.js';
import type { HaReport } from './ha-report.js';
import { collectServerFacts } from './server-facts.js';
import type { ServerFacts } from './server-facts.js';
import { sshExecFor } from './transports.js';

/** Options of {@link verifyCluster}. */
export interface VerifyClusterOptions {
  /** The transport to each server (default: SSH from the model's `ssh` endpoint; `simulatedHosts(model).execFor` for no network). */
  readonly execFor?: (server: Server) => Exec | undefined;
  /** Directories hashed for the config-sync check (default `/etc/asterisk`). */
  readonly configPaths?: readonly string[];
  /** Per-command timeout (default 10 000 ms). */
  readonly timeoutMs?: number;
  /** Ping wait in seconds (default 1). */
  readonly pingWaitSeconds?: number;
  /** Clock (tests pass a fixed one). */
  readonly now?: () => Date;
  /** Model path of the cluster (default `['clusters', id]`). */
  readonly basePath?: ModelPath;
}

/**
 * Verifies one HA cluster: reads every server over its transport (in parallel), then decides
 * who holds each VIP, reachability, trunk interfaces, Asterisk, config sync and symmetric
 * routing. Closes the transports it opened. Never throws for an unreachable server.
 *
 * @example
 * ```ts
 * const report = await verifyCluster(enterprise.clusters[0]);
 * report.state;                         // 'NORMAL' | 'FAILOVER' | 'DEGRADED' | 'SPLIT-BRAIN' | 'DOWN'
 * console.log(renderSipHa(report, 'ast16'));
 * ```
 */
export async function verifyCluster(cluster: Cluster, options: VerifyClusterOptions = {}): Promise<HaReport> {
  const checkedAt = (options.now ?? (() => new Date()))().toISOString();
  const execFor = options.execFor ?? ((s: Server) => sshExecFor(s));
  const facts: ServerFacts[] = await Promise.all(
    cluster.servers.map(async (s): Promise<ServerFacts> => {
      let exec: Exec | undefined;
      try {
        exec = execFor(s);
      } catch (e) {
        return { server: s.id, reachable: false, error: e instanceof ExecError ? e.message : String(e), reach: {}, failures: [] };
      }
      if (exec === undefined) return { server: s.id, reachable: false, error: 'no SSH endpoint in the model', reach: {}, failures: [] };
      try {
        return await collectServerFacts(s.id, exec, {
          addresses: addressesToProbe(cluster, s.id),
          ...(options.configPaths === undefined ? {} : { configPaths: options.configPaths }),
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
          ...(options.pingWaitSeconds === undefined ? {} : { pingWaitSeconds: options.pingWaitSeconds }),
        });
      } finally {
        await exec.close();
      }
    }),
  );
  return analyzeCluster(cluster, facts, { checkedAt, ...(options.basePath === undefined ? {} : { basePath: options.basePath }) });
}
