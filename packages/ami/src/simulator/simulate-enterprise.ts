import { randomBytes } from 'node:crypto';
import { extensionResolver, type Cluster, type Enterprise, type Server } from '@acm/core';
import { AmiSimulator } from './ami-simulator.js';
import type { SimState } from './sim-state.js';

/** Options of {@link stateFromEnterprise}. */
export interface StateFromEnterpriseOptions {
  /** Share of extensions registered at start (default 0.8; every fifth phone is off). */
  readonly registeredShare?: number;
  /** Give the server no registrations and no calls (a standby server of an HA pair). */
  readonly standby?: boolean;
}

/**
 * A simulated server state for one cluster of the model: one endpoint per extension (with its
 * voicemail box and hint) and per hot-desk phone (every other one registered), the cluster's queues with their static members, and its trunks
 * (registering ones get an outbound registration).
 */
export function stateFromEnterprise(enterprise: Enterprise, clusterId: string, nowMs: number, options: StateFromEnterpriseOptions = {}): SimState {
  const boot = Math.floor(nowMs / 1000);
  const extensions = enterprise.extensions.filter((x) => x.cluster === clusterId);
  const share = options.standby ? 0 : (options.registeredShare ?? 0.8);
  const state: SimState = {
    endpoints: [], contacts: [], queues: [], channels: [], registrations: [], mailboxes: [], hints: [], devices: new Map(),
    contexts: ['default', 'apps', 'hints', 'from-trunk'], dialplan: {}, bootMs: nowMs, reloadMs: nowMs, processedCalls: 0, channelSeq: 0, uniqueSeq: 0,
  };
  const effective = extensionResolver(enterprise);
  extensions.forEach((x, i) => {
    // The endpoint as rendered: the context and the mailbox come from the group too.
    const settings = effective(x);
    const box = settings.voicemail.value?.box;
    const mailbox = box === undefined ? '' : `${box}@default`;
    state.endpoints.push({ name: x.number, callerid: `"${x.name}" <${x.number}>`, context: settings.context, mailboxes: mailbox, auths: x.number, outboundAuths: '', maxContacts: 1, removeExisting: false, qualifyFrequency: 0, password: 'secret' });
    state.hints.push({ exten: x.number, context: 'hints', hint: `PJSIP/${x.number}` });
    if (mailbox !== '') {
      state.mailboxes.push({ id: mailbox, urgent: 0, new: i % 7 === 0 ? 2 : 0, old: i % 3 });
      state.devices.set(`MWI:${mailbox}`, 'NOT_INUSE');
    }
    const registered = (i % 5) / 5 < share;
    state.devices.set(`PJSIP/${x.number}`, registered ? 'NOT_INUSE' : 'UNAVAILABLE');
    if (registered) {
      state.contacts.push({
        aor: x.number, endpoint: x.number, uri: `sip:${x.number}@192.0.2.${(i % 250) + 1}:5060`, hash: randomBytes(16).toString('hex'), callId: randomBytes(8).toString('hex'),
        userAgent: 'Simulated Phone 1.0', viaAddr: `192.0.2.${(i % 250) + 1}`, viaPort: 5060, expirationTime: boot + 3600, status: 'NonQualified', roundtripUsec: 0,
      });
    }
  });
  // Hot-desk phones are PJSIP endpoints named by their number, as render writes them.
  enterprise.hotDesks.filter((h) => h.cluster === clusterId).forEach((h, i) => {
    state.endpoints.push({ name: h.number, callerid: `"${h.name}" <${h.number}>`, context: 'acm-hotdesk-entry', mailboxes: '', auths: h.number, outboundAuths: '', maxContacts: 1, removeExisting: false, qualifyFrequency: 0, password: 'secret' });
    state.hints.push({ exten: h.number, context: 'hints', hint: `PJSIP/${h.number}` });
    const registered = !options.standby && i % 2 === 0;
    state.devices.set(`PJSIP/${h.number}`, registered ? 'NOT_INUSE' : 'UNAVAILABLE');
    if (registered) {
      state.contacts.push({
        aor: h.number, endpoint: h.number, uri: `sip:${h.number}@192.0.2.25${i % 5}:5060`, hash: randomBytes(16).toString('hex'), callId: randomBytes(8).toString('hex'),
        userAgent: 'Simulated Phone 1.0', viaAddr: `192.0.2.25${i % 5}`, viaPort: 5060, expirationTime: boot + 3600, status: 'NonQualified', roundtripUsec: 0,
      });
    }
  });
  for (const q of enterprise.queues.filter((x) => x.cluster === clusterId)) {
    const members = (q.members ?? []).map((m) => {
      const x = extensions.find((e) => e.number === m.extension);
      state.devices.set(`Queue:${q.id}_pause_PJSIP/${m.extension}`, 'NOT_INUSE');
      return {
        name: x?.name ?? m.extension, interface: `PJSIP/${m.extension}`, membership: 'static' as const, penalty: m.penalty ?? 0, callsTaken: 0, lastCall: 0,
        lastPause: 0, loginTime: boot, inCall: 0, paused: false, pausedReason: '', wrapuptime: 0,
      };
    });
    state.queues.push({ name: q.id, strategy: q.strategy, completed: 0, abandoned: 0, callers: 0, members });
    state.devices.set(`Queue:${q.id}_avail`, 'INUSE');
  }
  for (const t of enterprise.trunks.filter((x) => x.cluster === clusterId && x.protocol === 'SIP')) {
    const host = t.host ?? '198.51.100.1';
    state.endpoints.push({ name: t.id, callerid: '', context: t.inboundContext ?? 'from-trunk', mailboxes: '', auths: '', outboundAuths: `${t.id}-auth`, maxContacts: 0, removeExisting: false, qualifyFrequency: 60, password: 'secret' });
    state.contacts.push({ aor: t.id, endpoint: t.id, uri: `sip:${host}:${t.port ?? 5060}`, hash: randomBytes(5).toString('hex'), callId: '', userAgent: '', viaAddr: '', viaPort: 0, expirationTime: 0, status: 'Reachable', roundtripUsec: 15000 });
    state.devices.set(`PJSIP/${t.id}`, 'NOT_INUSE');
    if (t.register === true) {
      state.registrations.push({ name: t.id, clientUri: `sip:${t.auth?.username ?? 'acm'}@${host}`, serverUri: `sip:${host}`, outboundAuth: `${t.id}-auth`, username: t.auth?.username ?? 'acm', contactUser: t.auth?.username ?? 'acm', password: 'secret', status: options.standby ? 'Unregistered' : 'Registered', expiresMs: options.standby ? undefined : nowMs + 120_000 });
    }
  }
  return state;
}

/** Options of {@link simulateEnterprise}. */
export interface SimulateEnterpriseOptions {
  /** Only this cluster. */
  readonly cluster?: string;
  /** Random traffic per server, in events per second (default 0: none). */
  readonly eventsPerSecond?: number;
  /** Random scenario steps run on each active server before it is returned, so a snapshot shows calls and pauses (default 0). */
  readonly warmupSteps?: number;
  /** Clock (default Date.now). */
  readonly now?: () => number;
}

/** Simulators started for an enterprise, and the enterprise rewritten to reach them. */
export interface SimulatedEnterprise {
  /** The enterprise with every simulated server's `address` and `ami` pointing at its simulator. */
  readonly enterprise: Enterprise;
  /** Simulator per server id. */
  readonly simulators: ReadonlyMap<string, AmiSimulator>;
  /** Stops every simulator. */
  stop(): Promise<void>;
}

/**
 * Starts one simulator per server (the primary of each cluster carries the registrations and
 * calls, secondaries are idle standbys) on 127.0.0.1 with free ports, each with a fresh random
 * AMI secret, and returns the enterprise rewritten to poll them: the demo's "no real server" mode.
 */
export async function simulateEnterprise(enterprise: Enterprise, options: SimulateEnterpriseOptions = {}): Promise<SimulatedEnterprise> {
  const now = options.now ?? Date.now;
  const simulators = new Map<string, AmiSimulator>();
  const clusters: Cluster[] = [];
  try {
    for (const c of enterprise.clusters) {
      if (options.cluster !== undefined && c.id !== options.cluster) {
        clusters.push(c);
        continue;
      }
      const servers: Server[] = [];
      for (const [i, s] of c.servers.entries()) {
        const standby = c.loadBalance !== true && (s.role === 'secondary' || (i > 0 && !c.servers.some((x) => x.role === 'secondary')));
        const secret = randomBytes(12).toString('hex');
        const sim = await AmiSimulator.start({ users: { acm: secret }, state: stateFromEnterprise(enterprise, c.id, now(), { standby }), now });
        if (!standby) for (let n = 0; n < (options.warmupSteps ?? 0); n++) sim.randomStep();
        if ((options.eventsPerSecond ?? 0) > 0 && !standby) sim.startRandomTraffic(options.eventsPerSecond!);
        simulators.set(s.id, sim);
        servers.push({ ...s, address: '127.0.0.1', ami: { port: sim.port, username: 'acm', secret } });
      }
      clusters.push({ ...c, servers });
    }
  } catch (e) {
    await Promise.all([...simulators.values()].map((s) => s.stop()));
    throw e;
  }
  return {
    enterprise: { ...enterprise, clusters },
    simulators,
    stop: async () => {
      await Promise.all([...simulators.values()].map((s) => s.stop()));
    },
  };
}
