import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startDialect, type DialectHarness } from '../../../../test-support/store-dialects.js';
import { sortedSnapshot } from '../../../../test-support/status.js';
import { SqlStatusStore } from './sql-status-store.js';
import { MemoryStatusStore, emptyBatch, type StatusBatch } from './status-store.js';
import type { AgentTime, ChannelStatus, ExtensionStatus, MailboxStatus, QueueMemberStatus, TrunkStatus } from './status-types.js';
import { Store } from './store.js';

const T = 1_767_000_000_000; // a Unix time in ms (2025-12-29), beyond 32 bits

function ext(server: string, extension: string, over: Partial<ExtensionStatus> = {}): ExtensionStatus {
  return { server, extension, contacts: [], registered: false, deviceState: 'UNAVAILABLE', queues: [], callsTaken: 0, activeChannels: 0, updatedAt: T, ...over };
}
function trunk(server: string, name: string, over: Partial<TrunkStatus> = {}): TrunkStatus {
  return { server, trunk: name, deviceState: 'NOT_INUSE', reachable: true, activeChannels: 0, updatedAt: T, ...over };
}
function channel(server: string, uniqueid: string, over: Partial<ChannelStatus> = {}): ChannelStatus {
  return { server, uniqueid, linkedid: uniqueid, channel: `PJSIP/6001-${uniqueid}`, state: 6, callerIdNum: '6001', callerIdName: 'Alice', updatedAt: T, ...over };
}
function member(server: string, queue: string, iface: string, over: Partial<QueueMemberStatus> = {}): QueueMemberStatus {
  return { server, queue, interface: iface, name: iface, membership: 'static', paused: false, pausedReason: '', status: 1, callsTaken: 0, lastCall: 0, inCall: false, updatedAt: T, ...over };
}
function mailbox(server: string, id: string, over: Partial<MailboxStatus> = {}): MailboxStatus {
  return { server, mailbox: id, newMessages: 0, oldMessages: 0, urgentMessages: 0, updatedAt: T, ...over };
}
function agentTime(server: string, agent: string, over: Partial<AgentTime> = {}): AgentTime {
  return { server, agent, day: '2025-12-29', seconds: { available: 0, 'on-call': 0, ringing: 0, paused: 0, unavailable: 0, 'logged-out': 0 }, pausedByReason: {}, ...over };
}
function batch(server: string, over: Partial<StatusBatch> = {}, replace = false): StatusBatch {
  return { ...emptyBatch(server, replace), ...over };
}

/** Everything a status row can carry, optional members present and absent, awkward values included. */
function richBatch(server: string): StatusBatch {
  return batch(server, {
    extensions: [
      ext(server, '6001', {
        contacts: [{ uri: 'sip:6001@192.0.2.1:5060', status: 'Reachable', roundtripUsec: 15234 }, { uri: 'sip:6001@[2001:db8::1]:5060', status: 'Unreachable', roundtripUsec: 0 }],
        registered: true, deviceState: 'INUSE', agentState: 'paused', pauseReason: 'lunch', queues: ['sales', 'support'], callsTaken: 3, lastCallAt: 1_767_000_000, activeChannels: 1,
      }),
      // Empty pause reason is kept as '' (not dropped); no agent state, no last call.
      ext(server, '6002', { agentState: 'available', pauseReason: '', updatedAt: T + 1 }),
      ext(server, 'Zoë-6003', {}),
    ],
    trunks: [trunk(server, 'trunk-b', { registration: 'Registered' }), trunk(server, 'TRUNK-b', { reachable: false, deviceState: 'UNAVAILABLE' })],
    channels: [channel(server, '1767000000.1'), channel(server, '1767000000.2', { endpoint: '6001', state: 4, callerIdName: 'Ålice "A"' })],
    queueMembers: [member(server, 'sales', 'PJSIP/6001', { paused: true, pausedReason: 'lunch', callsTaken: 3, lastCall: 1_767_000_000, inCall: true, status: 2 })],
    mailboxes: [mailbox(server, '6001@default', { newMessages: 2, oldMessages: 5, urgentMessages: 1 })],
    agentTimes: [
      // Seconds to the millisecond, as the poller measures them (the store keeps milliseconds).
      agentTime(server, '6001', { seconds: { available: 917.297, 'on-call': 1234.567, ringing: 3.25, paused: 600.001, unavailable: 12.5, 'logged-out': 0 }, pausedByReason: { lunch: 600.001 }, state: 'paused', since: T - 5 }),
      agentTime(server, '6002'),
    ],
  });
}

for (const dialect of DIALECTS) {
  describe(`SqlStatusStore on ${dialect}`, () => {
    let harness: DialectHarness | undefined;
    const opened: Store[] = [];
    beforeAll(async () => {
      harness = await startDialect(dialect);
    });
    afterAll(async () => {
      for (const s of opened) await s.close();
      await harness?.stop();
    });

    async function freshStore(url?: string): Promise<Store> {
      if (harness === undefined) throw new Error('unreachable');
      const store = await Store.open(url ?? (await harness.freshUrl()));
      opened.push(store);
      return store;
    }

    const maybe = (name: string, fn: () => Promise<void>, timeout?: number): void => {
      it(name, async (ctx) => {
        if (harness === undefined) ctx.skip(); // mariadbd not installed (startDialect throws under CI)
        await fn();
      }, timeout);
    };

    maybe('creates the status tables with migration 0002 and keeps every field of every row', async () => {
      const store = await freshStore();
      expect(await store.migrate()).toEqual([]); // already applied by open
      const status = new SqlStatusStore(store, { clusterOf: (s) => (s === 'ast1' ? 'tpa1' : undefined) });
      const memory = new MemoryStatusStore();
      for (const s of [status, memory]) {
        await s.applyBatch(richBatch('ast1'));
        await s.applyBatch(richBatch('ast2'));
      }
      const got = await status.snapshot();
      expect(sortedSnapshot(got)).toEqual(sortedSnapshot(await memory.snapshot()));
      // toEqual ignores undefined members: check that absent optional fields are absent, and '' is kept.
      const e6002 = got.extensions.find((e) => e.server === 'ast1' && e.extension === '6002')!;
      expect(Object.keys(e6002)).not.toContain('lastCallAt');
      expect(e6002.pauseReason).toBe('');
      expect(Object.keys(got.extensions.find((e) => e.extension === 'Zoë-6003')!)).not.toContain('agentState');
      expect(got.agentTimes.find((a) => a.server === 'ast1' && a.agent === '6001')?.seconds.available).toBe(917.297);
      // Finer digits are rounded to the millisecond: 0.1 + 0.2 (0.30000000000000004) is stored as 0.3.
      await status.applyBatch({ ...emptyBatch('ast9', false), agentTimes: [agentTime('ast9', '6001', { seconds: { available: 0.1 + 0.2, 'on-call': 0, ringing: 0, paused: 0, unavailable: 0, 'logged-out': 0 } })] });
      expect((await status.snapshot()).agentTimes.find((a) => a.server === 'ast9')?.seconds.available).toBe(0.3);
      // Keys are case-sensitive on both dialects (MySQL's default collation would fold them).
      expect(got.trunks.filter((t) => t.server === 'ast1').map((t) => t.trunk)).toEqual(['TRUNK-b', 'trunk-b']);
      // Rows carry the server's cluster; ast2 has none.
      const ast1 = await status.snapshot({ clusters: ['tpa1'] });
      expect(ast1.extensions.map((e) => e.server)).toEqual(['ast1', 'ast1', 'ast1']);
      expect((await status.snapshot({ servers: ['ast2'] })).channels).toHaveLength(2);
      expect((await status.snapshot({ servers: [] })).extensions).toEqual([]);
    });

    maybe('applies upserts, then keyed deletions (queue members by queue and interface)', async () => {
      const status = new SqlStatusStore(await freshStore());
      await status.applyBatch(richBatch('ast1'));
      await status.applyBatch(
        batch('ast1', {
          extensions: [ext('ast1', '6001', { deviceState: 'NOT_INUSE', agentState: 'available', callsTaken: 4, updatedAt: T + 10 })],
          queueMembers: [member('ast1', 'support', 'PJSIP/6001')],
          deleted: { channels: ['1767000000.1'], queueMembers: ['sales\u0000PJSIP/6001'], extensions: ['Zoë-6003'], trunks: ['TRUNK-b'], mailboxes: ['6001@default'] },
        }),
      );
      const s = await status.snapshot();
      expect(s.extensions.map((e) => e.extension)).toEqual(['6001', '6002']);
      // The upsert replaced the whole row: the old contacts and pause reason are gone.
      expect(s.extensions[0]).toMatchObject({ deviceState: 'NOT_INUSE', agentState: 'available', callsTaken: 4, contacts: [], updatedAt: T + 10 });
      expect(s.extensions[0]?.pauseReason).toBeUndefined();
      expect(s.trunks.map((t) => t.trunk)).toEqual(['trunk-b']);
      expect(s.channels.map((c) => c.uniqueid)).toEqual(['1767000000.2']);
      expect(s.queueMembers.map((m) => `${m.queue} ${m.interface}`)).toEqual(['support PJSIP/6001']);
      expect(s.mailboxes).toEqual([]);
    });

    maybe('a resync after a reconnect replaces the server\'s rows: nothing stale, nothing counted twice', async () => {
      const status = new SqlStatusStore(await freshStore());
      await status.applyBatch(batch('ast1', { ...richBatch('ast1') }, true));
      await status.applyBatch(batch('ast2', { ...richBatch('ast2') }, true));
      // While disconnected, ast1's call ended, 6002 was removed and 6001 took a 4th call.
      const resync = batch('ast1', {
        extensions: [ext('ast1', '6001', { callsTaken: 4 }), ext('ast1', 'Zoë-6003')],
        trunks: [trunk('ast1', 'trunk-b', { registration: 'Registered' })],
        queueMembers: [member('ast1', 'sales', 'PJSIP/6001', { callsTaken: 4 })],
        agentTimes: [agentTime('ast1', '6001', { seconds: { available: 10, 'on-call': 20, ringing: 0, paused: 0, unavailable: 0, 'logged-out': 0 } })],
      }, true);
      // The poller may resync twice in a row (a Reload right after login): same rows both times.
      await status.applyBatch(resync);
      await status.applyBatch(resync);
      const s = await status.snapshot({ servers: ['ast1'] });
      expect(s.extensions.map((e) => [e.extension, e.callsTaken])).toEqual([['6001', 4], ['Zoë-6003', 0]]);
      expect(s.trunks).toHaveLength(1);
      expect(s.channels).toEqual([]);
      expect(s.mailboxes).toEqual([]);
      expect(s.queueMembers.map((m) => m.callsTaken)).toEqual([4]);
      expect(s.agentTimes.map((a) => [a.agent, a.seconds['on-call']])).toEqual([['6001', 20]]);
      // The other server is untouched.
      const other = await status.snapshot({ servers: ['ast2'] });
      expect([other.extensions.length, other.trunks.length, other.channels.length, other.agentTimes.length]).toEqual([3, 2, 2, 2]);
    });

    maybe('writes a batch atomically: a row the database refuses leaves nothing of its batch, and no event', async () => {
      const status = new SqlStatusStore(await freshStore());
      const heard: string[] = [];
      status.onBatch((b) => heard.push(`${b.server} ${b.extensions.length}`));
      await status.applyBatch(batch('ast1', { extensions: [ext('ast1', '6001')] }));
      const bad = batch('ast1', {
        extensions: [ext('ast1', '6002')],
        channels: [channel('ast1', 'x', { linkedid: null as unknown as string })], // NOT NULL column
        deleted: { channels: [], queueMembers: [], extensions: ['6001'], trunks: [], mailboxes: [] },
      });
      await expect(status.applyBatch(bad)).rejects.toThrow();
      expect((await status.snapshot()).extensions.map((e) => e.extension)).toEqual(['6001']);
      expect(heard).toEqual(['ast1 1']);
      // The store keeps working for the server after a failed batch.
      await status.applyBatch(batch('ast1', { extensions: [ext('ast1', '6003')] }));
      expect(heard).toEqual(['ast1 1', 'ast1 1']);
      expect(status.batches).toBe(2);
    });

    maybe('concurrent batches: several servers at once (two pools on MySQL), same result as one at a time', async () => {
      if (harness === undefined) throw new Error('unreachable');
      const url = await harness.freshUrl();
      const a = new SqlStatusStore(await freshStore(url));
      // MySQL: a second pool on the same database. SQLite: better-sqlite3 is synchronous, so a second
      // connection in the same process would block the event loop waiting for a lock the first one can
      // only release on that loop; one connection, whose transactions Kysely queues, is the real setup.
      const b = dialect === 'mysql' ? new SqlStatusStore(await freshStore(url)) : a;
      const memory = new MemoryStatusStore();
      const servers = ['ast1', 'ast2', 'ast3', 'ast4'];
      const batches: StatusBatch[] = [];
      for (let round = 0; round < 15; round++) {
        for (const server of servers) {
          const n = (round * 7) % 20;
          batches.push(
            batch(server, {
              extensions: Array.from({ length: 20 }, (_, i) => ext(server, `${6000 + i}`, { callsTaken: round, activeChannels: i === n ? 1 : 0, updatedAt: T + round })),
              channels: [channel(server, `c${round}`)],
              queueMembers: [member(server, 'sales', `PJSIP/${6000 + n}`, { callsTaken: round })],
              deleted: { channels: round > 0 ? [`c${round - 1}`] : [], queueMembers: [], extensions: [], trunks: [], mailboxes: [] },
            }, round % 5 === 0), // every fifth round is a resync
          );
        }
      }
      for (const x of batches) await memory.applyBatch(x);
      // Fire everything without waiting: ast1/ast2 through one connection, ast3/ast4 through the other.
      await Promise.all(batches.map((x) => (x.server <= 'ast2' ? a : b).applyBatch(x)));
      expect(sortedSnapshot(await a.snapshot())).toEqual(sortedSnapshot(await memory.snapshot()));
      const s = await b.snapshot();
      // Per server: 20 extensions, only the last round's channel, last round's calls (14).
      expect(s.extensions).toHaveLength(80);
      expect(s.channels.map((c) => c.uniqueid)).toEqual(['c14', 'c14', 'c14', 'c14']);
      expect(new Set(s.extensions.map((e) => e.callsTaken))).toEqual(new Set([14]));
    }, 60_000);

    maybe('equals MemoryStatusStore for any sequence of batches (property)', async () => {
      const status = new SqlStatusStore(await freshStore());
      const server = fc.constantFrom('ast1', 'ast2');
      const key = fc.constantFrom('6001', '6002', '6003', 'trunk-b');
      const arbBatch = fc.record({
        server, replace: fc.boolean(),
        ext: fc.array(fc.record({ k: key, calls: fc.nat(9), agent: fc.option(fc.constantFrom('available' as const, 'paused' as const), { nil: undefined }) }), { maxLength: 4 }),
        trunks: fc.array(fc.record({ k: key, reg: fc.option(fc.constantFrom('Registered', 'Rejected'), { nil: undefined }) }), { maxLength: 2 }),
        chans: fc.array(fc.constantFrom('c1', 'c2', 'c3'), { maxLength: 3 }),
        members: fc.array(fc.record({ q: fc.constantFrom('sales', 'support'), k: key, paused: fc.boolean() }), { maxLength: 3 }),
        // Seconds measured from millisecond clocks, as the poller does (the store keeps milliseconds).
        times: fc.array(fc.record({ k: key, s: fc.integer({ min: 0, max: 86_400_000 }).map((m) => m / 1000) }), { maxLength: 2 }),
        delExt: fc.array(key, { maxLength: 2 }),
        delChan: fc.array(fc.constantFrom('c1', 'c2', 'c3'), { maxLength: 2 }),
        delMember: fc.array(fc.record({ q: fc.constantFrom('sales', 'support'), k: key }), { maxLength: 2 }),
      }).map((r): StatusBatch => ({
        ...emptyBatch(r.server, r.replace),
        extensions: r.ext.map((e) => ext(r.server, e.k, { callsTaken: e.calls, ...(e.agent === undefined ? {} : { agentState: e.agent }) })),
        trunks: r.trunks.map((t) => trunk(r.server, t.k, t.reg === undefined ? {} : { registration: t.reg })),
        channels: r.chans.map((c) => channel(r.server, c)),
        queueMembers: r.members.map((m) => member(r.server, m.q, `PJSIP/${m.k}`, { paused: m.paused })),
        agentTimes: r.times.map((t) => agentTime(r.server, t.k, { seconds: { available: t.s, 'on-call': 0, ringing: 0, paused: 0, unavailable: 0, 'logged-out': 0 } })),
        deleted: {
          extensions: r.delExt, trunks: r.delExt, channels: r.delChan, mailboxes: [],
          queueMembers: r.delMember.map((m) => `${m.q}\u0000PJSIP/${m.k}`),
        },
      }));
      await fc.assert(
        fc.asyncProperty(fc.array(arbBatch, { minLength: 1, maxLength: 8 }), async (batches) => {
          await status.clear();
          const memory = new MemoryStatusStore();
          for (const x of batches) {
            await status.applyBatch(x);
            await memory.applyBatch(x);
          }
          expect(sortedSnapshot(await status.snapshot())).toEqual(sortedSnapshot(await memory.snapshot()));
        }),
        { numRuns: 40 },
      );
    }, 120_000);
  });
}
