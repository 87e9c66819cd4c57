/** A PJSIP endpoint of the simulated server (with its AOR and auth of the same name). */
export interface SimEndpoint {
  readonly name: string;
  /** `"Alice" <6001>`; empty for trunks. */
  readonly callerid: string;
  readonly context: string;
  /** `6001@default`, or empty. */
  readonly mailboxes: string;
  /** Inbound auth object name (empty for trunks). */
  readonly auths: string;
  /** Outbound auth object name (trunks). */
  readonly outboundAuths: string;
  readonly maxContacts: number;
  /** AOR `remove_existing` (Asterisk sets it true for max_contacts=1 AORs that got a contact). */
  removeExisting: boolean;
  readonly qualifyFrequency: number;
  /** Endpoint password as configured (the real PJSIPShowEndpoint prints it; so does the simulator). */
  readonly password: string;
  /** The endpoint's AOR: its own name when absent, `''` for an endpoint without AOR (an IP-identified peer). */
  readonly aor?: string;
  /** An IP `identify` section for this endpoint (`pjsip show endpoints` prints it with its `match` lines). */
  readonly identify?: { readonly name: string; readonly match: readonly string[] };
}

/** A registered contact of an AOR. */
export interface SimContact {
  readonly aor: string;
  readonly endpoint: string;
  readonly uri: string;
  /** The hash after `;@` in the contact's object name. */
  readonly hash: string;
  readonly callId: string;
  readonly userAgent: string;
  readonly viaAddr: string;
  readonly viaPort: number;
  readonly expirationTime: number;
  status: 'NonQualified' | 'Reachable' | 'Unreachable';
  roundtripUsec: number;
}

/** A member of a queue, as `QueueMember` reports it. */
export interface SimQueueMember {
  readonly name: string;
  readonly interface: string;
  readonly membership: 'static' | 'dynamic';
  penalty: number;
  callsTaken: number;
  lastCall: number;
  lastPause: number;
  loginTime: number;
  inCall: number;
  paused: boolean;
  pausedReason: string;
  wrapuptime: number;
}

/** A queue and its members (in the order the server lists them). */
export interface SimQueue {
  readonly name: string;
  readonly strategy: string;
  completed: number;
  abandoned: number;
  callers: number;
  readonly members: SimQueueMember[];
}

/** One channel; a call is one or two channels that share a linkedid. */
export interface SimChannel {
  readonly name: string;
  /** 4 Ring, 5 Ringing, 6 Up. */
  state: number;
  callerIdNum: string;
  callerIdName: string;
  connectedNum: string;
  connectedName: string;
  readonly context: string;
  readonly exten: string;
  readonly priority: number;
  readonly uniqueid: string;
  readonly linkedid: string;
  readonly application: string;
  readonly data: string;
  readonly createdMs: number;
  /** The PJSIP endpoint this channel belongs to, when it is a PJSIP channel. */
  readonly endpoint: string | undefined;
  /** Queue the call came through, for CallsTaken accounting. */
  readonly queue: string | undefined;
}

/** An outbound registration (a trunk registering to a provider). */
export interface SimRegistration {
  readonly name: string;
  readonly clientUri: string;
  readonly serverUri: string;
  readonly outboundAuth: string;
  readonly username: string;
  readonly contactUser: string;
  readonly password: string;
  status: 'Registered' | 'Unregistered' | 'Rejected';
  /** When the current registration expires (ms); `pjsip show registrations` prints `(exp. Ns)` from it. */
  expiresMs?: number;
}

/** A voicemail box. */
export interface SimMailbox {
  readonly id: string;
  urgent: number;
  new: number;
  old: number;
}

/** A dialplan hint (`exten => 6001,hint,PJSIP/6001`). */
export interface SimHint {
  readonly exten: string;
  readonly context: string;
  readonly hint: string;
}

/** Everything the simulated server knows; the simulator mutates it and derives its answers from it. */
export interface SimState {
  readonly endpoints: SimEndpoint[];
  readonly contacts: SimContact[];
  readonly queues: SimQueue[];
  readonly channels: SimChannel[];
  readonly registrations: SimRegistration[];
  readonly mailboxes: SimMailbox[];
  readonly hints: SimHint[];
  /** Device states in the order DeviceStateList reports them (e.g. `PJSIP/6001` -> `UNAVAILABLE`). */
  readonly devices: Map<string, string>;
  /** Dialplan contexts that exist (an Originate to another context fails). */
  readonly contexts: string[];
  /** What the dialplan runs at `exten@context` once answered (the `;2` leg of a Local originate). */
  readonly dialplan: Record<string, { readonly application: string; readonly data: string }>;
  /**
   * The dialplan as `dialplan show` lists it: contexts in listing order, each with its registrar
   * (`pbx_config`) and extensions; a priority is a number or `'hint'`, `source` is `file:line`.
   * Absent: the contexts of `contexts` exist but have no extensions.
   */
  readonly dialplanContexts?: readonly {
    readonly name: string;
    readonly registrar: string;
    readonly extensions: readonly {
      readonly name: string;
      readonly priorities: readonly { readonly priority: number | 'hint'; readonly app: string; readonly data: string; readonly source: string }[];
    }[];
  }[];
  bootMs: number;
  reloadMs: number;
  processedCalls: number;
  /** Counter for channel names (`-00000000`) and uniqueids (`.0`). */
  channelSeq: number;
  uniqueSeq: number;
}

function endpoint(name: string, callerid: string): SimEndpoint {
  return { name, callerid, context: 'default', mailboxes: `${name}@default`, auths: name, outboundAuths: '', maxContacts: 1, removeExisting: false, qualifyFrequency: 0, password: 'secret' };
}

/**
 * The state of instance A of the reference captures just after boot: endpoints 6001-6003 (6003
 * registered from B), trunk `trunk-b` registered to B, queue `sales` with Bob and Alice, three
 * mailboxes, hints in `[hints]`. `nowMs` is the boot time.
 */
export function captureInstanceA(nowMs: number): SimState {
  const boot = Math.floor(nowMs / 1000);
  const staticMember = (name: string, iface: string): SimQueueMember => ({
    name, interface: iface, membership: 'static', penalty: 0, callsTaken: 0, lastCall: 0, lastPause: 0, loginTime: boot, inCall: 0, paused: false, pausedReason: '', wrapuptime: 0,
  });
  return {
    endpoints: [
      endpoint('6001', '"Alice" <6001>'),
      endpoint('6002', '"Bob" <6002>'),
      { ...endpoint('6003', '"Carol" <6003>'), removeExisting: true },
      {
        name: 'trunk-b', callerid: '', context: 'default', mailboxes: '', auths: '', outboundAuths: 'trunk-b-auth', maxContacts: 0, removeExisting: false, qualifyFrequency: 5, password: 'secret',
        identify: { name: 'trunk-b', match: ['127.0.0.1/32'] },
      },
    ],
    contacts: [
      { aor: '6003', endpoint: '6003', uri: 'sip:6003@127.0.0.1:5062', hash: 'b95bf1f4c321996a5186d022d2a62a8c', callId: 'dd83010e-9a7d-4318-8d6e-59a98b8e509b', userAgent: 'Asterisk PBX 22.10.1', viaAddr: '127.0.0.1', viaPort: 5062, expirationTime: boot + 120, status: 'NonQualified', roundtripUsec: 0 },
      { aor: 'trunk-b', endpoint: 'trunk-b', uri: 'sip:127.0.0.1:5062', hash: 'f425b0eba8', callId: '', userAgent: '', viaAddr: '', viaPort: 0, expirationTime: 0, status: 'Reachable', roundtripUsec: 781 },
    ],
    queues: [{ name: 'sales', strategy: 'ringall', completed: 0, abandoned: 0, callers: 0, members: [staticMember('Bob', 'PJSIP/6002'), staticMember('Alice', 'PJSIP/6001')] }],
    channels: [],
    registrations: [
      { name: 'trunk-b', clientUri: 'sip:siteA@127.0.0.1:5062', serverUri: 'sip:127.0.0.1:5062', outboundAuth: 'trunk-b-auth', username: 'siteA', contactUser: 'siteA', password: 'secret', status: 'Registered', expiresMs: nowMs + 120_000 },
    ],
    mailboxes: [
      { id: '6001@default', urgent: 0, new: 0, old: 0 },
      { id: '6002@default', urgent: 0, new: 0, old: 0 },
      { id: '6003@default', urgent: 0, new: 0, old: 0 },
    ],
    hints: [
      { exten: '6003', context: 'hints', hint: 'PJSIP/6003' },
      { exten: '6002', context: 'hints', hint: 'PJSIP/6002' },
      { exten: '6001', context: 'hints', hint: 'PJSIP/6001' },
    ],
    // DeviceStateList order as in A-30-devicestatelist.bin.
    devices: new Map([
      ['PJSIP/6001', 'UNAVAILABLE'],
      ['PJSIP/6002', 'UNAVAILABLE'],
      ['PJSIP/6003', 'NOT_INUSE'],
      ['MWI:6003@default', 'NOT_INUSE'],
      ['MWI:6002@default', 'NOT_INUSE'],
      ['MWI:6001@default', 'NOT_INUSE'],
      ['Queue:sales_avail', 'INUSE'],
      ['PJSIP/trunk-b', 'NOT_INUSE'],
      ['Queue:sales_pause_PJSIP/6001', 'NOT_INUSE'],
      ['Queue:sales_pause_PJSIP/6002', 'NOT_INUSE'],
    ]),
    contexts: ['default', 'apps', 'hints'],
    dialplan: { '7000@apps': { application: 'Wait', data: '30' } },
    // config-A/extensions.conf, with its line numbers.
    dialplanContexts: [
      {
        name: 'default', registrar: 'pbx_config', extensions: [{
          name: '_6XXX', priorities: [
            { priority: 1, app: 'Dial', data: 'PJSIP/${EXTEN},20', source: 'extensions.conf:8' },
            { priority: 2, app: 'VoiceMail', data: '${EXTEN}@default,u', source: 'extensions.conf:9' },
            { priority: 3, app: 'Hangup', data: '', source: 'extensions.conf:10' },
          ],
        }],
      },
      {
        name: 'apps', registrar: 'pbx_config', extensions: [{
          name: '7000', priorities: [
            { priority: 1, app: 'Answer', data: '', source: 'extensions.conf:13' },
            { priority: 2, app: 'Wait', data: '30', source: 'extensions.conf:14' },
            { priority: 3, app: 'Hangup', data: '', source: 'extensions.conf:15' },
          ],
        }],
      },
      {
        name: 'hints', registrar: 'pbx_config', extensions: ['6001', '6002', '6003'].map((n, i) => ({
          name: n, priorities: [{ priority: 'hint' as const, app: `PJSIP/${n}`, data: '', source: `extensions.conf:${19 + i}` }],
        })),
      },
    ],
    bootMs: nowMs,
    reloadMs: nowMs,
    processedCalls: 0,
    channelSeq: 0,
    uniqueSeq: 0,
  };
}

/**
 * Instance B of the reference captures (config-B) after boot: endpoint `siteA` (A registered
 * to it, qualified every 5 s), `7001` (never registers), `trunk-a` (no AOR, identified by IP),
 * and the outbound registration `a-6003` by which B registers to A as phone 6003. `nowMs` is
 * the boot time.
 */
export function captureInstanceB(nowMs: number): SimState {
  const ep = (name: string, extra: Partial<SimEndpoint>): SimEndpoint => ({
    name, callerid: '', context: 'from-siteA', mailboxes: '', auths: name, outboundAuths: '', maxContacts: 1, removeExisting: false, qualifyFrequency: 0, password: 'secret', ...extra,
  });
  return {
    endpoints: [
      ep('siteA', { removeExisting: true, qualifyFrequency: 5 }),
      ep('trunk-a', { auths: '', maxContacts: 0, password: '', aor: '', identify: { name: 'trunk-a', match: ['127.0.0.1/32'] } }),
      ep('7001', {}),
    ],
    contacts: [
      { aor: 'siteA', endpoint: 'siteA', uri: 'sip:siteA@127.0.0.1:5060', hash: '061c536ea9', callId: '', userAgent: 'Asterisk PBX 22.10.1', viaAddr: '127.0.0.1', viaPort: 5060, expirationTime: Math.floor(nowMs / 1000) + 120, status: 'Reachable', roundtripUsec: 372 },
    ],
    queues: [],
    channels: [],
    registrations: [
      { name: 'a-6003', clientUri: 'sip:6003@127.0.0.1:5060', serverUri: 'sip:127.0.0.1:5060', outboundAuth: 'a-6003-auth', username: '6003', contactUser: '6003', password: 'secret', status: 'Registered', expiresMs: nowMs + 120_000 },
    ],
    mailboxes: [],
    hints: [],
    devices: new Map([['PJSIP/siteA', 'NOT_INUSE'], ['PJSIP/7001', 'UNAVAILABLE'], ['PJSIP/trunk-a', 'UNAVAILABLE']]),
    contexts: ['from-siteA'],
    dialplan: {},
    // config-B/extensions.conf, with its line numbers.
    dialplanContexts: [{
      name: 'from-siteA', registrar: 'pbx_config', extensions: [{
        name: '_X.', priorities: [
          { priority: 1, app: 'Answer', data: '', source: 'extensions.conf:8' },
          { priority: 2, app: 'Wait', data: '5', source: 'extensions.conf:9' },
          { priority: 3, app: 'Hangup', data: '', source: 'extensions.conf:10' },
        ],
      }],
    }],
    bootMs: nowMs,
    reloadMs: nowMs,
    processedCalls: 0,
    channelSeq: 0,
    uniqueSeq: 0,
  };
}

/** Options of {@link generatedState}. */
export interface GeneratedStateOptions {
  /** Number of extensions, numbered from `firstNumber` (default 20 from 2001). */
  readonly extensions?: number;
  readonly firstNumber?: number;
  /** Number of queues; agents are spread over them (default 2). */
  readonly queues?: number;
  /** Fraction of extensions registered at start (default 0.8). */
  readonly registeredShare?: number;
  /** Number of trunks (default 2). */
  readonly trunks?: number;
}

/** A synthetic server state for demos, tests and benchmarks: extensions, queues of agents, trunks. */
export function generatedState(nowMs: number, options: GeneratedStateOptions = {}): SimState {
  const n = options.extensions ?? 20;
  const first = options.firstNumber ?? 2001;
  const queueCount = options.queues ?? 2;
  const registered = Math.round(n * (options.registeredShare ?? 0.8));
  const boot = Math.floor(nowMs / 1000);
  const state: SimState = {
    endpoints: [], contacts: [], queues: [], channels: [], registrations: [], mailboxes: [], hints: [], devices: new Map(),
    contexts: ['default', 'apps', 'hints', 'from-trunk'], dialplan: { '7000@apps': { application: 'Wait', data: '30' } }, bootMs: nowMs, reloadMs: nowMs, processedCalls: 0, channelSeq: 0, uniqueSeq: 0,
  };
  const names = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Mallory', 'Niaj', 'Olivia', 'Peggy', 'Rupert', 'Sybil', 'Trent', 'Victor', 'Walter', 'Yves'];
  for (let q = 0; q < queueCount; q++) state.queues.push({ name: `q${q + 1}`, strategy: 'ringall', completed: 0, abandoned: 0, callers: 0, members: [] });
  for (let i = 0; i < n; i++) {
    const num = String(first + i);
    const who = `${names[i % names.length]}${i >= names.length ? Math.floor(i / names.length) : ''}`;
    state.endpoints.push(endpoint(num, `"${who}" <${num}>`));
    state.mailboxes.push({ id: `${num}@default`, urgent: 0, new: 0, old: 0 });
    state.hints.push({ exten: num, context: 'hints', hint: `PJSIP/${num}` });
    const isRegistered = i < registered;
    state.devices.set(`PJSIP/${num}`, isRegistered ? 'NOT_INUSE' : 'UNAVAILABLE');
    state.devices.set(`MWI:${num}@default`, 'NOT_INUSE');
    if (isRegistered) {
      state.contacts.push({
        aor: num, endpoint: num, uri: `sip:${num}@10.0.${Math.floor(i / 250)}.${(i % 250) + 1}:5060`, hash: (BigInt(i + 1) * 2654435761n).toString(16).padStart(32, '0').slice(-32),
        callId: `call-${num}`, userAgent: 'Simulated Phone 1.0', viaAddr: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`, viaPort: 5060, expirationTime: boot + 3600, status: 'NonQualified', roundtripUsec: 0,
      });
    }
    const queue = state.queues[i % Math.max(1, queueCount)];
    if (queue !== undefined) {
      queue.members.push({ name: who, interface: `PJSIP/${num}`, membership: 'static', penalty: 0, callsTaken: 0, lastCall: 0, lastPause: 0, loginTime: boot, inCall: 0, paused: false, pausedReason: '', wrapuptime: 0 });
      state.devices.set(`Queue:${queue.name}_pause_PJSIP/${num}`, 'NOT_INUSE');
    }
  }
  for (const q of state.queues) state.devices.set(`Queue:${q.name}_avail`, 'INUSE');
  for (let t = 0; t < (options.trunks ?? 2); t++) {
    const name = `trunk-${t + 1}`;
    state.endpoints.push({ name, callerid: '', context: 'from-trunk', mailboxes: '', auths: '', outboundAuths: `${name}-auth`, maxContacts: 0, removeExisting: false, qualifyFrequency: 60, password: 'secret' });
    state.contacts.push({ aor: name, endpoint: name, uri: `sip:192.0.2.${t + 10}:5060`, hash: `feed${t}`, callId: '', userAgent: '', viaAddr: '', viaPort: 0, expirationTime: 0, status: 'Reachable', roundtripUsec: 12000 });
    state.registrations.push({ name, clientUri: `sip:acm@192.0.2.${t + 10}:5060`, serverUri: `sip:192.0.2.${t + 10}:5060`, outboundAuth: `${name}-auth`, username: 'acm', contactUser: 'acm', password: 'secret', status: 'Registered', expiresMs: nowMs + 120_000 });
    state.devices.set(`PJSIP/${name}`, 'NOT_INUSE');
  }
  return state;
}
