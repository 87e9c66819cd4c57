import { AmiSimulator, generatedState, stateFromEnterprise } from '@acm/ami/simulator';
import { Store, describeDatabaseUrl } from '@acm/core';
import { AcmError, firstLine } from './errors.js';
import type { Settings } from './settings.js';
import type { ModelInput, Workspace } from './workspace.js';

/** Creates or upgrades the store's tables; the migrations applied (empty when up to date). */
export async function migrateStore(settings: Settings): Promise<{ readonly database: string; readonly dialect: string; readonly applied: readonly string[] }> {
  const database = describeDatabaseUrl(settings.store);
  let store: Store;
  try {
    store = await Store.open(settings.store, { migrate: false });
  } catch (e) {
    throw new AcmError('failed', `cannot open the store ${database}: ${firstLine(e)}`);
  }
  try {
    return { database, dialect: store.dialect, applied: await store.migrate() };
  } catch (e) {
    throw new AcmError('failed', `${database}: migration failed: ${firstLine(e)}`);
  } finally {
    await store.close();
  }
}

/** Options of {@link simulateAmi}. */
export interface AmiSimulatorOptions extends ModelInput {
  /** TCP port on 127.0.0.1 (0: any free port). */
  readonly port?: number;
  /** With a model: the cluster whose first server is simulated (default the first cluster). */
  readonly cluster?: string;
  /** Without a model: how many extensions the generated server has (default 20). */
  readonly extensions?: number;
  /** Random traffic in events per second (default 10; 0 none). */
  readonly rate?: number;
  readonly username?: string;
  readonly secret?: string;
}

/** A running AMI simulator: where it listens, what it holds, and how to stop it. */
export interface RunningSimulator {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly username: string;
  readonly extensions: number;
  readonly queues: number;
  readonly rate: number;
  stop(): Promise<void>;
}

/** Starts an AMI server on loopback that answers like Asterisk 22 (for demos, tests and trying a poller). */
export async function simulateAmi(ws: Workspace, options: AmiSimulatorOptions = {}): Promise<RunningSimulator> {
  const port = options.port ?? 5038;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AcmError('usage', `--port: ${JSON.stringify(String(options.port))} is not a TCP port`);
  const rate = options.rate ?? 10;
  if (!Number.isFinite(rate) || rate < 0) throw new AcmError('usage', `--rate: ${JSON.stringify(String(options.rate))} is not a number of events per second`);
  const extensions = options.extensions ?? 20;
  if (!Number.isInteger(extensions) || extensions < 1) throw new AcmError('usage', `--extensions: ${JSON.stringify(String(options.extensions))} is not a positive integer`);
  const now = Date.now();
  let state = generatedState(now, { extensions });
  if (options.path !== undefined) {
    const enterprise = (await ws.model({ path: options.path })).enterprise;
    const cluster = options.cluster ?? enterprise.clusters[0]?.id;
    if (cluster === undefined || !enterprise.clusters.some((c) => c.id === cluster)) throw new AcmError('usage', `--cluster: no cluster ${JSON.stringify(options.cluster ?? '')} in ${options.path}`);
    state = stateFromEnterprise(enterprise, cluster, now);
  }
  const username = options.username ?? 'acm';
  const sim = await AmiSimulator.start({ port, users: { [username]: options.secret ?? 'secret' }, state });
  if (rate > 0) sim.startRandomTraffic(rate);
  return { host: '127.0.0.1', port: sim.port, username, extensions: state.endpoints.filter((e) => e.auths !== '').length, queues: state.queues.length, rate, stop: () => sim.stop() };
}
