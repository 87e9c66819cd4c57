import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmiParser } from '../codec/ami-parser.js';
import type { AmiMessage } from '../codec/ami-message.js';
import { serializeHeaders } from '../codec/ami-serializer.js';
import { capturesAvailable, loadCapture } from '../test-support/captures.js';
import { AmiSimulator } from './ami-simulator.js';
import { captureInstanceA, captureInstanceB, generatedState } from './sim-state.js';

/**
 * Values that depend on the clock, the TCP ports or the process: replaced by `<Key>` on both sides
 * before comparing. Everything else must match byte for byte.
 */
const VOLATILE = new Set([
  'EventTV', 'SessionTV', 'SessionID', 'LocalAddress', 'RemoteAddress', 'Timestamp', 'Uptime', 'LastReload', 'CoreStartupDate', 'CoreStartupTime',
  'CoreReloadDate', 'CoreReloadTime', 'LoginTime', 'LastPause', 'ExpirationTime', 'Uniqueid', 'Linkedid', 'Duration', 'Seconds',
]);

function normalise(m: AmiMessage): string {
  const headers = m.headers.map(([k, v]): [string, string] => {
    if (VOLATILE.has(k)) return [k, `<${k}>`];
    // `core show uptime` and `queue show` print elapsed seconds.
    if (k === 'Output') return [k, v.replace(/\d+ seconds?/g, 'N seconds').replace(/was \d+ secs ago/g, 'was N secs ago')];
    return [k, v];
  });
  return serializeHeaders(headers);
}

function parse(bytes: Buffer): AmiMessage[] {
  return new AmiParser().push(bytes).flatMap((f) => (f.kind === 'message' ? [f.message] : []));
}

/** The ActionID of the action after the login in a capture's sent bytes. */
function actionIdOf(sent: Buffer): string | undefined {
  return [...sent.toString('latin1').matchAll(/ActionID: (\S+)\r\n/g)].map((x) => x[1]).at(-1);
}

function finished(msgs: readonly AmiMessage[], id: string | undefined, needEvent?: string): boolean {
  const mine = msgs.filter((m) => m.actionId === id);
  const resp = mine.find((m) => m.response !== undefined && m.event === undefined);
  if (resp === undefined) return false;
  if (needEvent !== undefined && !mine.some((m) => m.event === needEvent)) return false;
  if (resp.get('EventList') === 'start') return mine.some((m) => m.get('EventList') === 'Complete');
  return true;
}

/** Sends a capture's exact client bytes to the simulator and collects the answer. */
async function replay(sim: AmiSimulator, sent: Buffer, done: (msgs: AmiMessage[]) => boolean): Promise<AmiMessage[]> {
  const socket = connect(sim.port, '127.0.0.1');
  const parser = new AmiParser();
  const msgs: AmiMessage[] = [];
  let closed = false;
  socket.on('close', () => (closed = true));
  await new Promise<void>((resolve, reject) => {
    socket.on('data', (c) => {
      for (const f of parser.push(c)) if (f.kind === 'message') msgs.push(f.message);
      if (done(msgs)) resolve();
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
    socket.write(sent);
  });
  if (!closed) socket.destroy();
  return msgs;
}

let clock = Date.UTC(2026, 10, 22, 7, 52, 2);
let sim: AmiSimulator;

beforeAll(async () => {
  // `meta/*.sent.txt` masks the secret with 11 asterisks; the simulator accepts exactly that text.
  sim = await AmiSimulator.start({ users: { checker: '***********' }, state: captureInstanceA(clock), now: () => clock });
});
afterAll(async () => {
  await sim.stop();
});

async function compareAction(prefix: string, needEvent?: string, on: AmiSimulator = sim): Promise<void> {
  const capture = loadCapture(prefix);
  const id = actionIdOf(capture.sent);
  const got = await replay(on, capture.sent, (msgs) => finished(msgs, id, needEvent));
  const expected = parse(capture.received).filter((m) => m.actionId === id).map(normalise);
  const actual = got.filter((m) => m.actionId === id).map(normalise);
  expect(actual.join('')).toBe(expected.join(''));
  expect(expected.length).toBeGreaterThan(0);
}

describe.runIf(capturesAvailable())('the simulator answers as Asterisk 22 did in the captures', () => {
  it('A-01 login burst: banner, response, FullyBooted, SuccessfulAuth', async () => {
    clock += 2000;
    const capture = loadCapture('A-01');
    const got = await replay(sim, capture.sent, (msgs) => msgs.some((m) => m.event === 'SuccessfulAuth'));
    const expected = parse(capture.received).map(normalise);
    expect(got.slice(0, 3).map(normalise)).toEqual(expected);
  });

  it('A-03 login with Events: off gets no events at all', async () => {
    const capture = loadCapture('A-03');
    const got = await replay(sim, capture.sent, (msgs) => msgs.some((m) => m.actionId === 'a03-ping'));
    expect(got.map(normalise)).toEqual(parse(capture.received).map(normalise));
  });

  /**
   * Measured values that moved between captures: the qualify round trip of trunk-b's contact
   * (0.829 ms in) and the seconds left on trunk-b's registration (106 s in A-14).
   */
  const SETUP: Record<string, () => void> = {
    'A-13': () => (sim.state.contacts.find((c) => c.aor === 'trunk-b')!.roundtripUsec = 829),
    'A-14': () => (sim.state.registrations[0]!.expiresMs = clock + 106_000),
  };

  it.each([
    'A-10', 'A-11', 'A-12', 'A-13', 'A-14', 'A-15', 'A-16', 'A-17', 'A-18', 'A-19', 'A-20', 'A-21', 'A-22', 'A-23', 'A-24', 'A-25', 'A-26', 'A-27', 'A-28', 'A-29',
    'A-30', 'A-31', 'A-32', 'A-71',
  ])(
    '%s (idle server)',
    async (prefix) => {
      clock += 1000;
      SETUP[prefix]?.();
      await compareAction(prefix);
    },
  );

  it('B-02, B-03 on instance B: PJSIPUnregister / PJSIPRegister of a-6003 (login burst and response)', async () => {
    const simB = await AmiSimulator.start({ users: { checker: '***********' }, state: captureInstanceB(clock), now: () => clock });
    try {
      for (const prefix of ['B-02', 'B-03']) {
        clock += 1000;
        const capture = loadCapture(prefix);
        const id = actionIdOf(capture.sent);
        const got = await replay(simB, capture.sent, (msgs) => finished(msgs, id));
        const expected = parse(capture.received);
        // The login burst (response, FullyBooted, SuccessfulAuth), then this action's messages.
        expect(got.slice(0, 3).map(normalise)).toEqual(expected.slice(0, 3).map(normalise));
        expect(got.filter((m) => m.actionId === id).map(normalise).join('')).toBe(expected.filter((m) => m.actionId === id).map(normalise).join(''));
        if (prefix === 'B-02') expect(simB.state.registrations[0]!.status).toBe('Unregistered');
      }
    } finally {
      await simB.stop();
    }
  });

  it('A-72 wrong secret: the error, then the server closes', async () => {
    const capture = loadCapture('A-72');
    const got = await replay(sim, capture.sent, () => false); // resolves on close
    expect(got.map(normalise)).toEqual(parse(capture.received).map(normalise));
  });

  it('A-73 Logoff: Goodbye, then the server closes', async () => {
    const capture = loadCapture('A-73');
    const got = await replay(sim, capture.sent, () => false);
    expect(got.filter((m) => m.actionId === 'a73-logoff').map(normalise)).toEqual(parse(capture.received).filter((m) => m.actionId === 'a73-logoff').map(normalise));
  });

  it('queue and call scenario: A-40, A-41, A-42, A-43, A-50..A-57, A-60, A-61, A-62, A-63', async () => {
    sim.unregister('6003'); // B-02: B unregisters a-6003
    clock += 1000;
    await compareAction('A-40');
    // Asterisk lists members in its hash order: Carol ended up between Bob and Alice.
    const members = sim.state.queues[0]!.members;
    members.splice(1, 0, members.pop()!);
    await compareAction('A-41');
    sim.register('6003', 'sip:6003@127.0.0.1:5062', 'b95bf1f4c321996a5186d022d2a62a8c'); // B-03
    clock += 1000;
    await compareAction('A-42', 'OriginateResponse');
    clock += 1000;
    await compareAction('A-43', 'OriginateResponse');
    await compareAction('A-44', 'OriginateResponse');
    for (const prefix of ['A-50', 'A-51', 'A-52', 'A-53', 'A-54', 'A-55', 'A-56', 'A-57', 'A-60', 'A-61', 'A-62', 'A-63', 'A-70']) {
      clock += 500;
      await compareAction(prefix);
    }
  });
});

describe.runIf(capturesAvailable())('a standby with no phone registered (standby captures)', () => {
  it('C-01: PJSIPShowContacts gets "No Contacts found" as an error, byte for byte (the bare \\n included)', async () => {
    const capture = loadCapture('C-01', 'standby');
    // No phone registered; the trunks' static contacts are not listed by PJSIPShowContacts.
    const standby = await AmiSimulator.start({ users: { checker: '******' }, state: generatedState(clock, { registeredShare: 0 }), now: () => clock });
    try {
      const socket = connect(standby.port, '127.0.0.1');
      const chunks: Buffer[] = [];
      await new Promise<void>((resolve, reject) => {
        socket.on('data', (c: Buffer) => {
          chunks.push(c);
          if (Buffer.concat(chunks).length >= capture.received.length) resolve();
        });
        socket.on('close', () => resolve());
        socket.on('error', reject);
        socket.write(capture.sent);
      });
      socket.destroy();
      expect(Buffer.concat(chunks).toString('latin1')).toBe(capture.received.toString('latin1'));
    } finally {
      await standby.stop();
    }
  });

  it('the simulator lists contacts again as soon as one phone registers', async () => {
    const state = generatedState(clock, { registeredShare: 0 });
    const standby = await AmiSimulator.start({ state, now: () => clock });
    try {
      const ask = (): Promise<AmiMessage[]> =>
        replay(standby, Buffer.from('Action: Login\r\nUsername: acm\r\nSecret: secret\r\nEvents: off\r\n\r\nAction: PJSIPShowContacts\r\nActionID: c\r\n\r\n'), (msgs) => finished(msgs, 'c'));
      expect((await ask()).find((m) => m.actionId === 'c')?.response).toBe('Error');
      standby.register(state.endpoints[0]!.name);
      const after = (await ask()).filter((m) => m.actionId === 'c');
      expect(after[0]?.response).toBe('Success');
      expect(after.filter((m) => m.event === 'ContactList')).toHaveLength(1);
    } finally {
      await standby.stop();
    }
  });
});
