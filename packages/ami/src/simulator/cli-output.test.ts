import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAPTURES_DIR, capturesAvailable } from '../test-support/captures.js';
import { cliCommand, extensionMatches } from './cli-output.js';
import { captureInstanceA, captureInstanceB, type SimChannel, type SimQueueMember, type SimState } from './sim-state.js';

/** What `asterisk -rx` prints for these lines: each line ends in LF (the cli-*.txt captures). */
function rx(command: string, state: SimState, nowMs: number): string {
  return cliCommand(command, state, nowMs).lines.map((l) => `${l}\n`).join('');
}

function cliCapture(name: string): string {
  return readFileSync(join(CAPTURES_DIR, `cli-${name}.txt`), 'latin1');
}

const T = Date.UTC(2026, 10, 22, 7, 52, 52);

/** Instance A when the idle cli-*.txt were taken: trunk-b's round trip 0.753 ms, 104 s left on its registration. */
function idleA(): SimState {
  const st = captureInstanceA(T - 82_000);
  st.contacts.find((c) => c.aor === 'trunk-b')!.roundtripUsec = 753;
  st.registrations[0]!.expiresMs = T + 104_000;
  return st;
}

/** The two Local calls of as cli-core-show-channels*.txt show them (call 2 listed first). */
function inCallA(): SimState {
  const st = captureInstanceA(T - 60_000);
  const leg = (seq: number, side: 1 | 2, uid: string, createdS: number, num: string, data: string): SimChannel => ({
    name: `Local/7000@apps-0000000${seq};${side}`, state: 6, callerIdNum: num, callerIdName: `Call ${seq === 0 ? 'One' : 'Two'}`, connectedNum: '', connectedName: '',
    context: 'apps', exten: '7000', priority: side, uniqueid: uid, linkedid: `${createdS}.${seq * 2}`, application: 'Wait', data, createdMs: createdS * 1000,
    endpoint: undefined, queue: undefined,
  });
  // Uniqueids 1795333967.x and 1795333968.x (concise capture); durations 5 s and 4 s at `now`.
  st.channels.push(
    leg(1, 1, '1795333968.2', 1795333968, '1002', '60'), leg(1, 2, '1795333968.3', 1795333968, '1002', '30'),
    leg(0, 1, '1795333967.0', 1795333967, '1001', '20'), leg(0, 2, '1795333967.1', 1795333967, '1001', '30'),
  );
  st.processedCalls = 2;
  return st;
}
const IN_CALL_NOW = 1795333972_000;

/** Instance B when its cli-B-*.txt were taken: 77 s left on a-6003; siteA reachable, or unreachable after A stopped. */
function instanceB(siteA: 'Reachable' | 'Unreachable'): SimState {
  const st = captureInstanceB(T - 60_000);
  st.contacts[0]!.status = siteA;
  st.registrations[0]!.expiresMs = T + 77_000;
  return st;
}

describe.runIf(capturesAvailable())('CLI output equals the cli-*.txt captures byte for byte', () => {
  it.each([
    ['pjsip-show-endpoints', 'pjsip show endpoints'],
    ['pjsip-show-contacts', 'pjsip show contacts'],
    ['pjsip-show-registrations', 'pjsip show registrations'],
    ['core-show-channels-idle', 'core show channels'],
    ['invalid-command', 'foo bar baz'],
  ])('A idle: cli-%s.txt', (file, command) => {
    const st = idleA();
    st.processedCalls = 2; // the two Local calls had ended
    expect(rx(command, st, T)).toBe(cliCapture(file));
  });

  it('A idle: cli-core-show-uptime.txt (up 82 s, reloaded 5 s before)', () => {
    const st = idleA();
    st.reloadMs = T - 5_000;
    expect(rx('core show uptime', st, T)).toBe(cliCapture('core-show-uptime'));
  });

  it('A idle: cli-queue-show-sales-idle.txt (members logged in at boot, 82 s before)', () => {
    expect(rx('queue show sales', idleA(), T)).toBe(cliCapture('queue-show-sales-idle'));
  });

  it.each([
    ['core-show-channels', 'core show channels'],
    ['core-show-channels-concise', 'core show channels concise'],
    ['core-show-channels-verbose', 'core show channels verbose'],
  ])('A in call: cli-%s.txt', (file, command) => {
    expect(rx(command, inCallA(), IN_CALL_NOW)).toBe(cliCapture(file));
  });

  it('A idle: cli-core-show-channels-concise-idle.txt is empty', () => {
    expect(rx('core show channels concise', idleA(), T)).toBe(cliCapture('core-show-channels-concise-idle'));
    expect(cliCapture('core-show-channels-concise-idle')).toBe('');
  });

  it('A in call: cli-queue-show-sales.txt (Carol dynamic, paused for lunch)', () => {
    const st = captureInstanceA(T - 51_000);
    const now = Math.floor(T / 1000);
    const carol: SimQueueMember = {
      name: 'Carol', interface: 'PJSIP/6003', membership: 'dynamic', penalty: 0, callsTaken: 0, lastCall: 0, lastPause: now - 12, loginTime: now - 14, inCall: 0,
      paused: true, pausedReason: 'lunch', wrapuptime: 0,
    };
    st.queues[0]!.members.splice(1, 0, carol); // Asterisk listed her between Bob and Alice
    expect(rx('queue show sales', st, T)).toBe(cliCapture('queue-show-sales'));
  });

  it.each([
    ['B-pjsip-show-endpoints', 'pjsip show endpoints', 'Reachable'],
    ['B-pjsip-show-contacts', 'pjsip show contacts', 'Reachable'],
    ['B-pjsip-show-contacts-after-A-stopped', 'pjsip show contacts', 'Unreachable'],
    ['B-pjsip-show-registrations', 'pjsip show registrations', 'Reachable'],
  ] as const)('B: cli-%s.txt', (file, command, siteA) => {
    expect(rx(command, instanceB(siteA), T)).toBe(cliCapture(file));
  });
});

describe('CLI rendering beyond the captures', () => {
  const st = (): SimState => captureInstanceA(T);

  it('dialplan show: whole context, a context that does not exist, an extension that matches nothing', () => {
    // [apps] has one extension of 3 priorities (config-A/extensions.conf lines 13-15).
    expect(cliCommand('dialplan show apps', st(), T)).toEqual({
      ok: true,
      lines: [
        "[ Context 'apps' created by 'pbx_config' ]",
        `  ${"'7000' =>".padEnd(17)} ${'1. Answer()'.padEnd(45)} [extensions.conf:13]`,
        `  ${''.padEnd(17)} ${'2. Wait(30)'.padEnd(45)} [extensions.conf:14]`,
        `  ${''.padEnd(17)} ${'3. Hangup()'.padEnd(45)} [extensions.conf:15]`,
        '',
        '-= 1 extension (3 priorities) in 1 context. =-',
      ],
    });
    expect(cliCommand('dialplan show nowhere', st(), T)).toEqual({ ok: false, lines: ["There is no existence of 'nowhere' context"] });
    expect(cliCommand('dialplan show 5000@default', st(), T)).toEqual({ ok: false, lines: ['There is no existence of 5000@default extension'] });
    expect(cliCommand('dialplan show 5000@', st(), T)).toEqual({ ok: false, lines: ["There is no existence of '5000' extension in all contexts"] });
  });

  it('dialplan show 6002@: the pattern in [default] and the hint in [hints], counted over both contexts', () => {
    const out = cliCommand('dialplan show 6002@', st(), T);
    expect(out.ok).toBe(true);
    expect(out.lines.filter((l) => l.startsWith('[ Context'))).toEqual(["[ Context 'default' created by 'pbx_config' ]", "[ Context 'hints' created by 'pbx_config' ]"]);
    expect(out.lines).toContain(`  ${"'6002' =>".padEnd(17)} ${'hint: PJSIP/6002'.padEnd(45)} [extensions.conf:20]`);
    // 2 extensions (_6XXX, 6002), 3 + 1 priorities, 2 contexts.
    expect(out.lines.at(-1)).toBe('-= 2 extensions (4 priorities) in 2 contexts. =-');
  });

  it('extension patterns: X Z N, sets, . and !, dashes ignored', () => {
    expect(extensionMatches('_6XXX', '6001')).toBe(true);
    expect(extensionMatches('_6XXX', '60011')).toBe(false);
    expect(extensionMatches('_NXX', '155')).toBe(false);
    expect(extensionMatches('_ZX', '10')).toBe(true);
    expect(extensionMatches('_[13-5]X', '42')).toBe(true);
    expect(extensionMatches('_[13-5]X', '22')).toBe(false);
    expect(extensionMatches('_0.', '0')).toBe(false);
    expect(extensionMatches('_0!', '0')).toBe(true);
    expect(extensionMatches('555-1212', '5551212')).toBe(true);
  });

  it('pjsip show endpoints lists a PJSIP channel under its endpoint; contacts and registrations follow their state', () => {
    const s = st();
    s.channels.push({
      name: 'PJSIP/6003-00000002', state: 6, callerIdNum: '6003', callerIdName: 'Carol', connectedNum: '6001', connectedName: 'Alice', context: 'default', exten: '6001',
      priority: 1, uniqueid: 'u', linkedid: 'u', application: 'Dial', data: 'PJSIP/6001,20', createdMs: T - 65_000, endpoint: '6003', queue: undefined,
    });
    s.devices.set('PJSIP/6003', 'INUSE');
    const lines = cliCommand('pjsip show endpoints', s, T).lines;
    const at = lines.findIndex((l) => l.startsWith(' Endpoint:  6003/6003'));
    // Columns of the header: state at 65, time at 79 (Channel), CLCID at 41 (Exten).
    expect(lines[at]).toBe(` Endpoint:  ${'6003/6003'.padEnd(51)}  ${'In use'.padEnd(12)}  1 of inf`);
    expect(lines[at + 4]).toBe(`    Channel: ${'PJSIP/6003-00000002'.padEnd(51)} ${'Up'.padEnd(12)}  ${'00:01:05'.padEnd(11)}`);
    expect(lines[at + 4]!.indexOf('Up')).toBe(65);
    expect(lines[at + 5]).toBe(`        Exten: ${'6001'.padEnd(24)}  CLCID: "Alice" <6001>`);
    expect(lines[at + 5]!.indexOf('CLCID')).toBe(41);

    s.registrations[0]!.status = 'Unregistered';
    expect(cliCommand('pjsip show registrations', s, T).lines[4]).toBe(` ${'trunk-b/sip:127.0.0.1:5062'.padEnd(54)}  ${'trunk-b-auth'.padEnd(26)}  ${'Unregistered'.padEnd(16)} `);
    s.contacts.splice(0);
    expect(cliCommand('pjsip show contacts', s, T)).toEqual({ ok: true, lines: ['No objects found.', ''] });
  });
});
