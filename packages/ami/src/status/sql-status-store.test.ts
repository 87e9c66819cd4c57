import { fileURLToPath } from 'node:url';
import { Store, loadEnterprise, type Enterprise } from '@acm/core';
import { until as waitUntil } from '../test-support/wait.js';
import { polledSimulator } from '../test-support/polled-simulator.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startDialect, type DialectHarness } from '../../../../test-support/store-dialects.js';
import { sortedSnapshot } from '../../../../test-support/status.js';
import type { AmiConnection, AmiConnectionEvents, AmiListResult } from '../client/ami-connection.js';
import { Emitter } from '../client/emitter.js';
import { AmiError } from '../codec/ami-error.js';
import { AmiMessage } from '../codec/ami-message.js';
import { AmiParser } from '../codec/ami-parser.js';
import type { AmiAction } from '../codec/ami-serializer.js';
import { StatusPoller } from '../poller/status-poller.js';
import { generatedState } from '../simulator/sim-state.js';
import { capturesAvailable, loadCapture } from '../test-support/captures.js';
import { essenceOf, truthOf } from '../test-support/truth.js';
import { enterpriseStatus } from './enterprise-status.js';
import { pollStatus } from './poll-status.js';
import { SqlStatusStore, serverClusters } from './sql-status-store.js';
import { MemoryStatusStore, type StatusBatch, type StatusStore } from './status-store.js';
import type { StatusSnapshot } from './status-types.js';

const DEMO = fileURLToPath(new URL('../../../../examples/enterprise', import.meta.url));

/** Writes every batch to both stores, one after the other, so both see exactly the poller's stream. */
class TeeStore implements StatusStore {
  /** Batches written to the first store but not yet to the second. */
  pending = 0;
  constructor(readonly a: StatusStore, readonly b: StatusStore) {}
  async applyBatch(batch: StatusBatch): Promise<void> {
    this.pending++;
    try {
      await this.a.applyBatch(batch);
      await this.b.applyBatch(batch);
    } finally {
      this.pending--;
    }
  }
  snapshot(): Promise<StatusSnapshot> {
    return this.a.snapshot();
  }
}

function messages(prefix: string): AmiMessage[] {
  return new AmiParser().push(loadCapture(prefix).received).flatMap((f) => (f.kind === 'message' ? [f.message] : []));
}
function items(prefix: string, id: string): AmiMessage[] {
  return messages(prefix).filter((m) => m.actionId === id && m.event !== undefined && m.get('EventList') === undefined);
}

/**
 * A connection that answers the poller's resync from the Asterisk 22 captures of instance A and
 * lets the test push the captured A-02 event stream one event at a time.
 */
class CaptureConnection implements AmiConnection {
  readonly id = 'A';
  state: AmiConnection['state'] = 'idle';
  readonly #emitter = new Emitter<AmiConnectionEvents>();
  readonly #lists: Record<string, AmiMessage[]> = {
    PJSIPShowEndpoints: items('A-20', 'a20-pjsipshowendpoints'),
    PJSIPShowContacts: items('A-22', 'a22-pjsipshowcontacts'),
    DeviceStateList: items('A-30', 'a30-devicestatelist'),
    QueueStatus: items('A-25', 'a25-queuestatus-idle'),
    CoreShowChannels: items('A-32', 'a32-coreshowchannels-idle'),
    PJSIPShowRegistrationsOutbound: items('A-23', 'a23-pjsipshowregistrationsoutbound'),
  };
  readonly #mailbox = messages('A-27').find((m) => m.actionId === 'a27-mailboxcount')!;
  connect(): Promise<void> {
    this.state = 'connected';
    this.#emitter.emit('connected', { attempt: 1, banner: 'Asterisk Call Manager/11.0.0' });
    return Promise.resolve();
  }
  action(action: AmiAction): Promise<AmiMessage> {
    if (action.action === 'MailboxCount') return Promise.resolve(this.#mailbox);
    return Promise.reject(new Error(`unexpected action ${action.action}`));
  }
  list(action: AmiAction): Promise<AmiListResult> {
    const list = this.#lists[action.action];
    if (list === undefined) return Promise.reject(new Error(`unexpected list ${action.action}`));
    const done = new AmiMessage([['Response', 'Success']]);
    return Promise.resolve({ response: done, items: list, complete: done });
  }
  command(): never {
    throw new Error('not used');
  }
  on<K extends keyof AmiConnectionEvents & string>(name: K, listener: (payload: AmiConnectionEvents[K]) => void): () => void {
    return this.#emitter.on(name, listener);
  }
  push(e: AmiMessage): void {
    this.#emitter.emit('event', e);
  }
  /** Drops and re-establishes the connection: the poller suspends, then resyncs on `connected`. */
  reconnect(): void {
    this.#emitter.emit('disconnected', { error: new AmiError('disconnected', 'dropped by the test') });
    void this.connect();
  }
  close(): Promise<void> {
    this.state = 'closed';
    return Promise.resolve();
  }
}

// The SQL store commits more slowly than memory: give it 10 s.
const until = (check: () => boolean | Promise<boolean>, what: string): Promise<void> => waitUntil(check, what, 10_000);

for (const dialect of DIALECTS) {
  describe(`SqlStatusStore fed by the poller, on ${dialect}`, () => {
    let harness: DialectHarness | undefined;
    const cleanups: (() => Promise<void>)[] = [];
    beforeAll(async () => {
      harness = await startDialect(dialect);
    });
    afterEach(async () => {
      while (cleanups.length > 0) await cleanups.pop()!();
    });
    afterAll(async () => {
      await harness?.stop();
    });
    async function freshStore(url?: string): Promise<Store> {
      if (harness === undefined) throw new Error('unreachable');
      const store = await Store.open(url ?? (await harness.freshUrl()));
      cleanups.push(() => store.close());
      return store;
    }
    const maybe = (name: string, fn: () => Promise<void>, enabled = true): void => {
      it.runIf(enabled)(name, async (ctx) => {
        if (harness === undefined) ctx.skip(); // mariadbd not installed (startDialect throws under CI)
        await fn();
      }, 60_000);
    };

    maybe('replays the Asterisk 22 capture (resync A-20..A-32, events A-02, reconnect) to the same snapshot as MemoryStatusStore', async () => {
      const memory = new MemoryStatusStore();
      const sql = new SqlStatusStore(await freshStore());
      let clock = 1_767_000_000_000;
      const conn = new CaptureConnection();
      // A long flush interval: the test flushes by hand, so every batch boundary is deterministic.
      const tee = new TeeStore(memory, sql);
      const poller = new StatusPoller(conn, tee, { flushIntervalMs: 60_000, now: () => clock });
      cleanups.push(() => poller.stop());
      let resyncs = 0;
      poller.on('resynced', () => resyncs++);
      const failures: unknown[] = [];
      poller.on('store-failed', ({ error }) => failures.push(error));
      await conn.connect();
      await until(() => resyncs === 1, 'first resync');
      expect(sortedSnapshot(await sql.snapshot())).toEqual(sortedSnapshot(await memory.snapshot()));
      const stream = messages('A-02').filter((m) => m.event !== undefined);
      let compared = 0;
      // A-02 holds one Reload event (grep -c), on which the poller resyncs: wait for that resync
      // and for both stores to be written before comparing.
      let expectedResyncs = 1;
      const settled = (): Promise<void> => until(() => resyncs === expectedResyncs && tee.pending === 0, 'poller and stores idle');
      for (const [i, e] of stream.entries()) {
        clock += 1000;
        conn.push(e);
        if (e.event === 'Reload') expectedResyncs++;
        if (i % 7 === 6) {
          await settled();
          await poller.flush();
          expect(failures).toEqual([]);
          expect(sortedSnapshot(await sql.snapshot())).toEqual(sortedSnapshot(await memory.snapshot()));
          compared++;
        }
      }
      await settled();
      await poller.flush();
      expect(expectedResyncs).toBe(2);
      // A-02 parses to 150 messages, 149 of them events (ami-parser.test): one comparison every 7 events is 21.
      expect(compared).toBe(21);
      const before = await sql.snapshot();
      // The end state of A-02 (server-status.test): no channel left, 6003 registered, trunk-b Registered.
      expect(before.channels).toEqual([]);
      expect(before.extensions.find((x) => x.extension === '6003')).toMatchObject({ registered: true, deviceState: 'NOT_INUSE' });
      // A reconnect resyncs from the same lists: the store must not grow or count anything twice.
      conn.reconnect();
      expectedResyncs++;
      await settled();
      const after = await sql.snapshot();
      expect(sortedSnapshot(after)).toEqual(sortedSnapshot(await memory.snapshot()));
      expect(after.extensions.map((x) => [x.extension, x.callsTaken])).toEqual(before.extensions.map((x) => [x.extension, x.callsTaken]));
      expect([after.trunks.length, after.queueMembers.length, after.mailboxes.length]).toEqual([before.trunks.length, before.queueMembers.length, before.mailboxes.length]);
    }, capturesAvailable());

    maybe('follows a simulator under random traffic and a dropped connection: equal to MemoryStatusStore and to the truth', async () => {
      const memory = new MemoryStatusStore();
      const sql = new SqlStatusStore(await freshStore());
      const { sim, poller, resyncs } = await polledSimulator(generatedState(Date.now(), { extensions: 30, queues: 3 }), new TeeStore(memory, sql), cleanups);
      let seed = 7;
      sim.startRandomTraffic(1000, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      await new Promise((r) => setTimeout(r, 200));
      sim.dropConnections();
      await until(() => resyncs() === 2, 'resync after the drop');
      await new Promise((r) => setTimeout(r, 200));
      sim.stopRandomTraffic();
      expect(sim.eventsSent).toBeGreaterThan(50);
      await until(async () => JSON.stringify(essenceOf(await sql.snapshot())) === JSON.stringify(truthOf(sim.state)), 'SQL store == simulator truth');
      await poller.flush();
      expect(sortedSnapshot(await sql.snapshot())).toEqual(sortedSnapshot(await memory.snapshot()));
    });

    maybe('pollStatus with simulators writes the demo enterprise\'s status into the store, readable by another connection', async () => {
      const loaded = await loadEnterprise(DEMO);
      const enterprise = loaded.enterprise as Enterprise;
      if (harness === undefined) throw new Error('unreachable');
      const url = await harness.freshUrl();
      const status = new SqlStatusStore(await freshStore(url), { clusterOf: serverClusters(enterprise) });
      const heard: string[] = [];
      status.onBatch((b) => heard.push(b.server));
      const { outcomes, view, snapshot } = await pollStatus(enterprise, status, { simulate: true, timeoutMs: 20_000 });
      const servers = enterprise.clusters.flatMap((c) => c.servers.map((s) => s.id)).sort();
      expect(outcomes.map((o) => [o.server, o.ok])).toEqual(servers.map((s) => [s, true]));
      // One replace batch per server, each heard once it committed.
      expect(heard.sort()).toEqual(servers);
      // Every model extension and hot-desk phone is an endpoint on each server of its cluster (secondaries are standbys with the same endpoints).
      const phonesOf = (c: string): number => enterprise.extensions.filter((x) => x.cluster === c).length + enterprise.hotDesks.filter((h) => h.cluster === c).length;
      const expected = enterprise.clusters.reduce((n, c) => n + c.servers.length * phonesOf(c.id), 0);
      expect(snapshot.extensions).toHaveLength(expected);
      // The status table has every extension and every hot-desk phone.
      expect(view.extensions.filter((e) => e.kind === 'extension')).toHaveLength(enterprise.extensions.length);
      expect(view.extensions.filter((e) => e.kind === 'hot-desk')).toHaveLength(enterprise.hotDesks.length);
      expect(enterprise.hotDesks.length).toBeGreaterThan(0);
      // What `acm status --from-db` does: another connection reads the tables and gets the same view.
      const reader = new SqlStatusStore(await freshStore(url));
      const again = await reader.snapshot();
      expect(sortedSnapshot(again)).toEqual(sortedSnapshot(snapshot));
      const nowMs = Date.now();
      expect(enterpriseStatus(enterprise, again, { nowMs })).toEqual(enterpriseStatus(enterprise, snapshot, { nowMs }));
      // Rows carry their cluster.
      const first = enterprise.clusters[0]!;
      const ofFirst = await reader.snapshot({ clusters: [first.id] });
      expect(new Set(ofFirst.extensions.map((x) => x.server))).toEqual(new Set(first.servers.map((s) => s.id)));
    });
  });
}
