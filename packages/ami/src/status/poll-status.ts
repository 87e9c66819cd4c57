import type { Enterprise, StatusSnapshot, StatusStore } from '@acm/core';
import { pollEnterpriseOnce, type PollEnterpriseOptions, type ServerPollOutcome } from '../poller/enterprise-poller.js';
import type { SimulateEnterpriseOptions } from '../simulator/simulate-enterprise.js';
import { enterpriseStatus, type EnterpriseStatusOptions, type EnterpriseStatusView } from './enterprise-status.js';

/** Options of {@link pollStatus}. */
export interface PollStatusOptions extends EnterpriseStatusOptions {
  /**
   * Poll AMI simulators started for the enterprise's servers instead of the real servers (and stop
   * them after): `true`, or the simulators' options (default 60 warm-up steps, so the view shows
   * calls and pauses).
   */
  readonly simulate?: boolean | Omit<SimulateEnterpriseOptions, 'cluster'>;
  /** Give up on a server after this many ms (default 10 000). */
  readonly timeoutMs?: number;
  /** Poller and client options passed to {@link pollEnterpriseOnce}. */
  readonly poll?: Omit<PollEnterpriseOptions, 'cluster'>;
}

/** What {@link pollStatus} returns. */
export interface PolledStatus {
  /** One outcome per server of the model (polled, failed or skipped). */
  readonly outcomes: readonly ServerPollOutcome[];
  /** The store's rows after the poll. */
  readonly snapshot: StatusSnapshot;
  /** The status joined to the model: extension, trunk and load tables. */
  readonly view: EnterpriseStatusView;
}

/**
 * Polls every server of the enterprise (or of `options.cluster`) once into `store` (a full resync
 * per server, written as one `replace` batch) and returns the enterprise status view. With
 * `simulate` it first starts an AMI simulator per server: the demo's live status without a real
 * Asterisk. Any {@link StatusStore} works: `MemoryStatusStore`, or `SqlStatusStore` to keep the
 * status in the ACM store's tables.
 *
 * @example
 * ```ts
 * const store = await Store.open('sqlite:./acm.db');
 * const status = new SqlStatusStore(store, { clusterOf: serverClusters(enterprise) });
 * const { view, outcomes } = await pollStatus(enterprise, status, { simulate: true });
 * ```
 */
export async function pollStatus(enterprise: Enterprise, store: StatusStore, options: PollStatusOptions = {}): Promise<PolledStatus> {
  const cluster = options.cluster === undefined ? {} : { cluster: options.cluster };
  const simOptions = options.simulate === true ? {} : options.simulate === false ? undefined : options.simulate;
  // Loaded on demand: a plain `import '@acm/ami'` must not load the simulator.
  const sim = simOptions === undefined
    ? undefined
    : await (await import('../simulator/simulate-enterprise.js')).simulateEnterprise(enterprise, { warmupSteps: 60, ...simOptions, ...cluster });
  try {
    const outcomes = await pollEnterpriseOnce(sim?.enterprise ?? enterprise, store, { ...options.poll, ...cluster, timeoutMs: options.timeoutMs ?? 10_000 });
    const snapshot = await store.snapshot();
    // The view joins on server and cluster ids, which the simulated enterprise keeps; its rewritten addresses and secrets stay out.
    return { outcomes, snapshot, view: enterpriseStatus(enterprise, snapshot, options) };
  } finally {
    await sim?.stop();
  }
}
