import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../test-support/wait.js';
import { polledSimulator } from '../test-support/polled-simulator.js';
import { AmiSimulator } from '../simulator/ami-simulator.js';
import { captureInstanceA, generatedState } from '../simulator/sim-state.js';
import { MemoryStatusStore } from '../status/status-store.js';
import { essenceOf, truthOf } from '../test-support/truth.js';
import { AgentClock } from './agent-clock.js';
import { AmiClient } from '../client/ami-client.js';
import { StatusPoller, type StatusPollerEvents } from './status-poller.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});


async function setup(state = captureInstanceA(Date.now())) {
  const store = new MemoryStatusStore();
  return { store, ...(await polledSimulator(state, store, cleanups)) };
}

async function converged(sim: AmiSimulator, store: MemoryStatusStore): Promise<void> {
  await until(async () => JSON.stringify(essenceOf(await store.snapshot())) === JSON.stringify(truthOf(sim.state)), 'store == simulator truth');
}

describe('StatusPoller against the simulator', () => {
  it('resyncs instance A of the captures into the store', async () => {
    const { store } = await setup();
    const s = await store.snapshot();
    const ext = (n: string) => s.extensions.find((e) => e.extension === n);
    // 6003 is registered from B (one NonQualified contact), 6001/6002 have no contact.
    expect(ext('6003')).toMatchObject({ registered: true, deviceState: 'NOT_INUSE', contacts: [{ uri: 'sip:6003@127.0.0.1:5062', status: 'NonQualified' }] });
    // Alice (6001) is a static member of sales whose phone is UNAVAILABLE: still a member, unavailable (as Asterisk counts her).
    expect(ext('6001')).toMatchObject({ registered: false, deviceState: 'UNAVAILABLE', agentState: 'unavailable', queues: ['sales'] });
    // 6003 is not a queue member yet: no agent state.
    expect(ext('6003')?.agentState).toBeUndefined();
    expect(s.trunks).toEqual([expect.objectContaining({ trunk: 'trunk-b', registration: 'Registered', reachable: true, activeChannels: 0 })]);
    expect(s.mailboxes.map((m) => m.mailbox).sort()).toEqual(['6001@default', '6002@default', '6003@default']);
    expect(s.queueMembers.map((m) => m.name).sort()).toEqual(['Alice', 'Bob']);
  });

  it('follows events: queue login, pause with reason, ringing, on call, calls taken, unpause', async () => {
    const { sim, store } = await setup();
    const agent = async () => (await store.snapshot()).extensions.find((e) => e.extension === '6003');
    sim.queueAdd('sales', 'PJSIP/6003', 'Carol');
    await until(async () => (await agent())?.agentState === 'available', 'Carol available');
    sim.queuePause('sales', 'PJSIP/6003', true, 'lunch');
    await until(async () => (await agent())?.agentState === 'paused', 'Carol paused');
    expect((await agent())?.pauseReason).toBe('lunch');
    sim.queuePause('sales', 'PJSIP/6003', false);
    const call = sim.startCall({ endpoint: '6003', queue: 'sales', trunk: 'trunk-b', callerNum: '5551234' });
    await until(async () => (await agent())?.agentState === 'ringing', 'ringing');
    sim.answerCall(call);
    await until(async () => (await agent())?.agentState === 'on-call', 'on call');
    const during = await store.snapshot();
    expect(during.trunks[0]?.activeChannels).toBe(1);
    expect(during.channels).toHaveLength(2);
    sim.endCall(call);
    await until(async () => (await agent())?.agentState === 'available', 'available again');
    expect((await agent())?.callsTaken).toBe(1);
    await converged(sim, store);
  });

  it('resyncs after a dropped connection without counting anything twice', async () => {
    const { sim, store, resyncs } = await setup();
    sim.queueAdd('sales', 'PJSIP/6003', 'Carol');
    const call = sim.startCall({ endpoint: '6003', queue: 'sales', answered: true });
    await converged(sim, store);
    sim.dropConnections();
    await until(() => resyncs() === 2, 'second resync');
    const s = await store.snapshot();
    expect(s.extensions.find((e) => e.extension === '6003')?.callsTaken).toBe(1);
    expect(s.channels).toHaveLength(1);
    expect(s.extensions).toHaveLength(3);
    sim.endCall(call);
    await converged(sim, store);
  });

  it('converges after a restart during which the truth changed', async () => {
    const { sim, store, resyncs } = await setup();
    const call = sim.startCall({ endpoint: '6003', answered: true });
    await converged(sim, store);
    // While Asterisk is down its calls vanish and trunk-b loses its registration.
    await sim.restart({
      downMs: 20,
      whileDown: (st) => {
        st.channels.splice(0);
        st.registrations[0]!.status = 'Unregistered';
        st.devices.set('PJSIP/6003', 'NOT_INUSE');
      },
    });
    await until(() => resyncs() === 2, 'resync after restart');
    await converged(sim, store);
    expect(sim.calls).not.toContain(call);
    expect((await store.snapshot()).trunks[0]?.registration).toBe('Unregistered');
  });

  it('stays equal to the truth under random traffic', async () => {
    const { sim, store } = await setup(generatedState(Date.now(), { extensions: 30, queues: 3 }));
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    sim.startRandomTraffic(2000, random);
    await new Promise((r) => setTimeout(r, 300));
    sim.stopRandomTraffic();
    expect(sim.eventsSent).toBeGreaterThan(100);
    await converged(sim, store);
  });
});

describe('StatusPoller on an HA standby (no phone registered)', () => {
  it('resyncs although PJSIPShowContacts answers "No Contacts found", and converges as soon as a phone registers', async () => {
    const state = generatedState(Date.now(), { registeredShare: 0 });
    const { sim, store } = await setup(state);
    const before = await store.snapshot();
    expect(before.extensions.length).toBe(20);
    expect(before.extensions.filter((e) => e.registered)).toEqual([]);
    sim.register('2001');
    await until(async () => (await store.snapshot()).extensions.find((e) => e.extension === '2001')?.registered === true, '2001 registered');
    await converged(sim, store);
  });

  it('retries a resync that failed on a live connection with backoff, and reports each failure', async () => {
    const sim = await AmiSimulator.start({ state: generatedState(Date.now()) });
    // The first QueueStatus is refused (Permission denied); the connection stays up.
    sim.failNext('QueueStatus', 'error');
    const client = new AmiClient({ host: '127.0.0.1', port: sim.port, username: 'acm', secret: 'secret', id: 'ast1', keepalive: { intervalMs: 0 } });
    const store = new MemoryStatusStore();
    const poller = new StatusPoller(client, store, { flushIntervalMs: 5, retry: { initialMs: 20, maxMs: 100, jitter: 0 } });
    cleanups.push(async () => {
      await poller.stop();
      await client.close();
      await sim.stop();
    });
    const failures: StatusPollerEvents['resync-failed'][] = [];
    poller.on('resync-failed', (f) => failures.push(f));
    await client.connect();
    await until(() => poller.synced, 'a successful resync after the retry');
    expect(failures).toEqual([expect.objectContaining({ server: 'ast1', attempt: 1, retryInMs: 20, error: expect.objectContaining({ code: 'action-failed' }) })]);
    expect(poller.resyncCount).toBe(1);
    await converged(sim, store);
  });
});

describe('AgentClock', () => {
  it('accrues time per state and per pause reason, and nothing while suspended', () => {
    const c = new AgentClock('ast1');
    const t0 = new Date(2026, 10, 22, 9, 0, 0).getTime();
    c.set('6001', 'available', '', t0);
    c.set('6001', 'on-call', '', t0 + 60_000); // 60 s available
    c.set('6001', 'paused', 'lunch', t0 + 90_000); // 30 s on call
    c.suspend(t0 + 150_000); // 60 s paused (lunch), then disconnected
    c.set('6001', 'paused', 'lunch', t0 + 600_000); // back after a resync: the gap is not counted
    const r = c.record('6001', t0 + 610_000)!; // 10 s more paused
    expect(r.seconds).toEqual({ available: 60, 'on-call': 30, ringing: 0, paused: 70, unavailable: 0, 'logged-out': 0 });
    expect(r.pausedByReason).toEqual({ lunch: 70 });
    expect(r.day).toBe('2026-11-22');
  });

  it('starts a new day at local midnight', () => {
    const c = new AgentClock('ast1');
    c.set('6001', 'available', '', new Date(2026, 10, 22, 23, 59, 0).getTime());
    const r = c.record('6001', new Date(2026, 10, 23, 0, 1, 0).getTime())!;
    expect([r.day, r.seconds.available]).toEqual(['2026-11-23', 60]);
  });
});
