import { AmiClient } from '../client/ami-client.js';
import { StatusPoller } from '../poller/status-poller.js';
import { AmiSimulator } from '../simulator/ami-simulator.js';
import type { SimState } from '../simulator/sim-state.js';
import type { StatusStore } from '../status/status-store.js';
import { until } from './wait.js';

/**
 * A simulator with a client and a poller writing into `store`, connected and past its first resync.
 * `cleanups` receives the function that stops all three.
 */
export async function polledSimulator(state: SimState, store: StatusStore, cleanups: (() => Promise<void>)[]) {
  const sim = await AmiSimulator.start({ state });
  const client = new AmiClient({ host: '127.0.0.1', port: sim.port, username: 'acm', secret: 'secret', id: 'ast1', backoff: { initialMs: 5, maxMs: 50 }, keepalive: { intervalMs: 0 } });
  const poller = new StatusPoller(client, store, { flushIntervalMs: 5 });
  cleanups.push(async () => {
    await poller.stop();
    await client.close();
    await sim.stop();
  });
  let resyncs = 0;
  poller.on('resynced', () => resyncs++);
  await client.connect();
  await until(() => resyncs === 1, 'first resync');
  return { sim, client, poller, resyncs: () => resyncs };
}
