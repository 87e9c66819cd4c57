/**
 * A live wallboard from the SDK: starts an AMI simulator (so it runs anywhere, without a real
 * Asterisk), connects a client and a status poller to it, and prints one line per agent with its
 * state, pause reason, ACD calls and time in each state today. Exits 0 after three refreshes.
 *
 *   npx tsx examples/scripts/wallboard.ts
 */
import { AGENT_STATES, AmiClient, MemoryStatusStore, StatusPoller, type AgentTime } from '@acm/ami';
import { AmiSimulator, generatedState } from '@acm/ami/simulator';

const sim = await AmiSimulator.start({ users: { wallboard: 'demo-secret' }, state: generatedState(Date.now(), { extensions: 8, queues: 2, registeredShare: 0.9 }) });
const client = new AmiClient({ host: '127.0.0.1', port: sim.port, username: 'wallboard', secret: 'demo-secret', id: 'ast-sim' });
const store = new MemoryStatusStore();
const poller = new StatusPoller(client, store, { flushIntervalMs: 50 });

const synced = new Promise<void>((resolve) => poller.on('resynced', () => resolve()));
await client.connect();
await synced;

// A seeded scenario so every run shows the same kind of activity: calls, pauses with reasons.
let seed = 2024;
sim.startRandomTraffic(30, () => (seed = (seed * 16807) % 2147483647) / 2147483647);

const mmss = (s: number): string => `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
const live = (t: AgentTime | undefined, state: (typeof AGENT_STATES)[number], now: number): number =>
  (t?.seconds[state] ?? 0) + (t?.state === state && t.since !== undefined ? (now - t.since) / 1000 : 0);

for (let refresh = 1; refresh <= 3; refresh++) {
  await new Promise((r) => setTimeout(r, 1000));
  const now = Date.now();
  const snap = await store.snapshot();
  const times = new Map(snap.agentTimes.map((t) => [t.agent, t]));
  console.log(`\nwallboard ${refresh}/3  ${new Date(now).toISOString().slice(11, 19)}  (agent | state | calls | ${AGENT_STATES.join(' / ')})`);
  for (const e of snap.extensions.filter((x) => x.agentState !== undefined).sort((a, b) => a.extension.localeCompare(b.extension))) {
    const t = times.get(e.extension);
    const state = e.agentState === 'paused' ? `paused:${e.pauseReason || '-'}` : e.agentState!;
    const columns = AGENT_STATES.map((s) => mmss(live(t, s, now))).join(' / ');
    console.log(`${e.extension.padEnd(6)} ${e.queues.join(',').padEnd(4)} ${state.padEnd(16)} ${String(e.callsTaken).padStart(3)}  ${columns}`);
  }
}

sim.stopRandomTraffic();
await poller.stop();
await client.close();
await sim.stop();
