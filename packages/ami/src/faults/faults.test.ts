import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../test-support/wait.js';
import { AmiClient, type AmiClientOptions } from '../client/ami-client.js';
import type { AmiError } from '../codec/ami-error.js';
import { AmiSimulator } from '../simulator/ami-simulator.js';
import { captureInstanceA, generatedState } from '../simulator/sim-state.js';
import { MemoryStatusStore } from '../status/status-store.js';
import { StatusPoller } from '../poller/status-poller.js';
import { essenceOf, truthOf } from '../test-support/truth.js';
import { startChunkingProxy } from '../test-support/chunking-proxy.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});


async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function watch(port: number, more: Partial<AmiClientOptions> = {}) {
  const client = new AmiClient({ host: '127.0.0.1', port, username: 'acm', secret: 'secret', id: 'ast1', backoff: { initialMs: 5, maxMs: 40 }, keepalive: { intervalMs: 0 }, ...more });
  const store = new MemoryStatusStore();
  const poller = new StatusPoller(client, store, { flushIntervalMs: 5 });
  const log = { disconnects: [] as AmiError[], resyncFailures: [] as AmiError[], resyncs: 0, garbage: 0, events: [] as string[] };
  client.on('disconnected', ({ error }) => log.disconnects.push(error));
  client.on('garbage', () => log.garbage++);
  client.on('event', (e) => log.events.push(e.event ?? '?'));
  poller.on('resync-failed', ({ error }) => log.resyncFailures.push(error));
  poller.on('resynced', () => log.resyncs++);
  cleanups.push(async () => {
    await poller.stop();
    await client.close();
  });
  return { client, store, poller, log };
}

async function sim(state = captureInstanceA(Date.now()), port = 0): Promise<AmiSimulator> {
  const s = await AmiSimulator.start({ state, port });
  cleanups.push(() => s.stop());
  return s;
}

const converged = (s: AmiSimulator, store: MemoryStatusStore) =>
  until(async () => JSON.stringify(essenceOf(await store.snapshot())) === JSON.stringify(truthOf(s.state)), 'store == truth');

describe('faults: the client reports, recovers and never crashes; status converges', () => {
  it('connection refused: retries with backoff until the server appears', async () => {
    const port = await freePort();
    const { client, store, log } = watch(port);
    const connected = client.connect();
    await until(() => log.disconnects.length >= 3, 'three refused attempts');
    expect(log.disconnects.every((e) => e.code === 'connect-failed')).toBe(true);
    const s = await sim(captureInstanceA(Date.now()), port);
    await connected;
    await until(() => log.resyncs === 1, 'resync');
    await converged(s, store);
  });

  it('wrong secret: one auth-failed, no retries, an empty store', async () => {
    const s = await sim();
    const { client, store, log } = watch(s.port, { secret: 'wrong' });
    await expect(client.connect()).rejects.toMatchObject({ code: 'auth-failed' });
    await new Promise((r) => setTimeout(r, 60)); // 12 backoff periods of 5 ms
    expect(client.state).toBe('auth-failed');
    expect(log.disconnects).toEqual([]);
    expect(log.resyncs).toBe(0);
    expect((await store.snapshot()).extensions).toEqual([]);
  });

  it('Asterisk restart in the middle of an event list: the resync fails, the next one converges', async () => {
    const s = await sim(generatedState(Date.now(), { extensions: 200, queues: 4 }));
    s.failNext('QueueStatus', 'drop-mid-list');
    const { client, store, log } = watch(s.port);
    await client.connect();
    await until(() => log.resyncs === 1, 'resync after the cut');
    expect(log.resyncFailures.length).toBeGreaterThanOrEqual(1);
    expect(log.resyncFailures[0]?.code).toBe('disconnected');
    await converged(s, store);
    expect((await store.snapshot()).extensions).toHaveLength(200);
  });

  it('half messages at every TCP boundary (1..7-byte reads through a proxy)', async () => {
    const s = await sim();
    let seed = 7;
    const proxy = await startChunkingProxy(s.port, 7, () => ((seed = (seed * 48271) % 2147483647) / 2147483647));
    cleanups.push(() => proxy.close());
    const { client, store, log } = watch(proxy.port);
    await client.connect();
    await until(() => log.resyncs === 1, 'resync through the proxy');
    s.queueAdd('sales', 'PJSIP/6003', 'Carol');
    s.queuePause('sales', 'PJSIP/6003', true, 'break');
    await converged(s, store);
    expect(log.garbage).toBe(0);
  });

  it('a 64 KB line, unknown events and garbage bytes are skipped; later events still apply', async () => {
    const s = await sim();
    const { client, store, poller, log } = watch(s.port);
    await client.connect();
    await until(() => log.resyncs === 1, 'resync');
    s.broadcast([['Event', 'UserEvent'], ['Privilege', 'user,all'], ['Data', 'x'.repeat(64 * 1024)]]);
    s.broadcast([['Event', 'SomethingNew'], ['Privilege', 'system,all'], ['Foo', 'bar']]);
    s.writeRaw(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a]));
    s.writeRaw('this is not AMI\r\n\r\n');
    s.queueAdd('sales', 'PJSIP/6003', 'Carol');
    await converged(s, store);
    await until(() => log.events.includes('SomethingNew') && log.events.includes('UserEvent'), 'the odd events');
    expect(log.garbage).toBe(2);
    expect(poller.tracker.eventsIgnored).toBeGreaterThanOrEqual(2);
    expect(client.state).toBe('connected');
  });

  it('an action that is never answered times out; the connection stays usable', async () => {
    const s = await sim();
    const { client } = watch(s.port);
    await client.connect();
    s.failNext('CoreStatus', 'silent');
    await expect(client.action({ action: 'CoreStatus' }, { timeoutMs: 50 })).rejects.toMatchObject({ code: 'timeout' });
    expect((await client.action({ action: 'CoreStatus' })).get('CoreCurrentCalls')).toBe('0');
  });
});
