import type { AmiMessage } from '../codec/ami-message.js';
import { agentState, deviceStateFromText } from './agent-state.js';
import type { ChannelStatus, ContactStatus, ExtensionStatus, MailboxStatus, QueueMemberStatus, TrunkStatus } from './status-types.js';

/** The list results a resync collects, as plain messages. */
export interface ResyncData {
  readonly endpoints: readonly AmiMessage[];
  readonly contacts: readonly AmiMessage[];
  readonly devices: readonly AmiMessage[];
  readonly queues: readonly AmiMessage[];
  readonly channels: readonly AmiMessage[];
  readonly registrations: readonly AmiMessage[];
  /** MailboxCount responses. */
  readonly mailboxes: readonly AmiMessage[];
}

interface Endpoint {
  deviceState: string;
  isTrunk: boolean;
  contacts: Map<string, ContactStatus>;
}

interface Registration {
  readonly name: string;
  readonly clientUri: string;
  status: string;
}

/** Keys changed since the last {@link ServerStatusTracker.takeChanges}. */
export interface StatusChanges {
  readonly endpoints: Set<string>;
  readonly channels: Set<string>;
  readonly members: Set<string>;
  readonly mailboxes: Set<string>;
}

const num = (v: string | undefined): number => {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
};

function index(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (set === undefined) map.set(key, (set = new Set()));
  set.add(value);
}

/** Endpoint of a channel name: `PJSIP/6001-00000005` -> `6001`; Local channels have none. */
export function endpointOfChannel(channel: string): string | undefined {
  const m = /^(?:PJSIP|SIP|IAX2)\/(.+)-[0-9a-f]+$/i.exec(channel);
  return m?.[1];
}

/**
 * The status of one Asterisk server, kept from a resync snapshot and then from events.
 * Pure (no I/O): every update is idempotent (events carry absolute values and are keyed), so
 * replaying an event already reflected in a snapshot changes nothing and nothing is counted twice.
 */
export class ServerStatusTracker {
  /** Server id. */
  readonly server: string;
  readonly #trunkNames: ReadonlySet<string>;
  #endpoints = new Map<string, Endpoint>();
  #members = new Map<string, QueueMemberStatus>();
  #channels = new Map<string, ChannelStatus>();
  #registrations = new Map<string, Registration>();
  #mailboxes = new Map<string, MailboxStatus>();
  /** Indexes so that one extension's status costs O(its members + channels), not O(all). */
  #membersByIface = new Map<string, Set<string>>();
  #channelsByEndpoint = new Map<string, Set<string>>();
  #changes: StatusChanges = { endpoints: new Set(), channels: new Set(), members: new Set(), mailboxes: new Set() };
  /** Events applied, and events of a type the tracker does not use. */
  eventsApplied = 0;
  eventsIgnored = 0;

  /** Creates a tracker; `trunks` names endpoints that are trunks even without a registration. */
  constructor(server: string, trunks: Iterable<string> = []) {
    this.server = server;
    this.#trunkNames = new Set(trunks);
  }

  #endpoint(name: string): Endpoint {
    let ep = this.#endpoints.get(name);
    if (ep === undefined) {
      ep = { deviceState: 'UNKNOWN', isTrunk: this.#trunkNames.has(name), contacts: new Map() };
      this.#endpoints.set(name, ep);
    }
    return ep;
  }

  /** Replaces everything with a resync snapshot; every key (old and new) is marked changed. */
  load(data: ResyncData, nowMs: number): void {
    const old = { endpoints: [...this.#endpoints.keys()], channels: [...this.#channels.keys()], members: [...this.#members.keys()], mailboxes: [...this.#mailboxes.keys()] };
    this.#endpoints = new Map();
    this.#members = new Map();
    this.#channels = new Map();
    this.#registrations = new Map();
    this.#mailboxes = new Map();
    this.#membersByIface = new Map();
    this.#channelsByEndpoint = new Map();
    for (const m of data.endpoints) {
      const name = m.get('ObjectName');
      if (name === undefined) continue;
      const ep = this.#endpoint(name);
      ep.deviceState = deviceStateFromText(m.get('DeviceState') ?? 'Unknown');
      if ((m.get('OutboundAuths') ?? '') !== '') ep.isTrunk = true;
      for (const item of (m.get('Contacts') ?? '').split(',')) {
        const slash = item.indexOf('/');
        if (slash > 0) ep.contacts.set(item.slice(slash + 1), { uri: item.slice(slash + 1), status: 'Unknown', roundtripUsec: 0 });
      }
    }
    for (const m of data.contacts) {
      const ep = m.get('Endpoint');
      const uri = m.get('Uri');
      if (ep === undefined || uri === undefined) continue;
      this.#endpoint(ep).contacts.set(uri, { uri, status: m.get('Status') ?? 'Unknown', roundtripUsec: num(m.get('RoundtripUsec')) });
    }
    for (const m of data.devices) this.#device(m.get('Device'), m.get('State'));
    for (const m of data.queues) if (m.event === 'QueueMember') this.#member(m, m.get('Name'), m.get('Location'), nowMs);
    for (const m of data.channels) this.#channel(m, nowMs);
    for (const m of data.registrations) {
      if (m.event !== 'OutboundRegistrationDetail') continue;
      const name = m.get('ObjectName') ?? '';
      this.#registrations.set(name, { name, clientUri: m.get('ClientUri') ?? '', status: m.get('Status') ?? 'Unknown' });
      this.#endpoint(name).isTrunk = true;
    }
    for (const m of data.mailboxes) {
      const id = m.get('Mailbox');
      if (id === undefined) continue;
      this.#mailboxes.set(id, { server: this.server, mailbox: id, newMessages: num(m.get('NewMessages')), oldMessages: num(m.get('OldMessages')), urgentMessages: num(m.get('UrgMessages')), updatedAt: nowMs });
    }
    for (const k of [...old.endpoints, ...this.#endpoints.keys()]) this.#changes.endpoints.add(k);
    for (const k of [...old.channels, ...this.#channels.keys()]) this.#changes.channels.add(k);
    for (const k of [...old.members, ...this.#members.keys()]) this.#changes.members.add(k);
    for (const k of [...old.mailboxes, ...this.#mailboxes.keys()]) this.#changes.mailboxes.add(k);
  }

  #device(device: string | undefined, state: string | undefined): boolean {
    if (device === undefined || state === undefined) return false;
    const m = /^(?:PJSIP|SIP|IAX2)\/(.+)$/i.exec(device);
    if (m === null) return false;
    const ep = this.#endpoint(m[1]!);
    ep.deviceState = state;
    this.#changes.endpoints.add(m[1]!);
    return true;
  }

  #member(m: AmiMessage, name: string | undefined, iface: string | undefined, nowMs: number): boolean {
    const queue = m.get('Queue');
    if (queue === undefined || iface === undefined) return false;
    const key = `${queue}\u0000${iface}`;
    index(this.#membersByIface, iface, key);
    this.#members.set(key, {
      server: this.server, queue, interface: iface, name: name ?? iface, membership: m.get('Membership') ?? '', paused: m.get('Paused') === '1',
      pausedReason: m.get('PausedReason') ?? '', status: num(m.get('Status')), callsTaken: num(m.get('CallsTaken')), lastCall: num(m.get('LastCall')),
      inCall: m.get('InCall') === '1', updatedAt: nowMs,
    });
    this.#changes.members.add(key);
    this.#touchInterface(iface);
    return true;
  }

  #touchInterface(iface: string): void {
    const m = /^(?:PJSIP|SIP|IAX2)\/(.+)$/i.exec(iface);
    if (m !== null) this.#changes.endpoints.add(m[1]!);
  }

  #channel(m: AmiMessage, nowMs: number): boolean {
    const uniqueid = m.get('Uniqueid');
    const channel = m.get('Channel');
    if (uniqueid === undefined || channel === undefined) return false;
    const endpoint = endpointOfChannel(channel);
    if (endpoint !== undefined) index(this.#channelsByEndpoint, endpoint, uniqueid);
    this.#channels.set(uniqueid, {
      server: this.server, uniqueid, linkedid: m.get('Linkedid') ?? uniqueid, channel, ...(endpoint === undefined ? {} : { endpoint }),
      state: num(m.get('ChannelState')), callerIdNum: m.get('CallerIDNum') ?? '', callerIdName: m.get('CallerIDName') ?? '', updatedAt: nowMs,
    });
    this.#changes.channels.add(uniqueid);
    if (endpoint !== undefined) this.#changes.endpoints.add(endpoint);
    return true;
  }

  /** Applies one event; returns false for events that do not affect status. */
  apply(m: AmiMessage, nowMs: number): boolean {
    const changed = this.#apply(m, nowMs);
    if (changed) this.eventsApplied++;
    else this.eventsIgnored++;
    return changed;
  }

  #apply(m: AmiMessage, nowMs: number): boolean {
    switch (m.event) {
      case 'DeviceStateChange':
        return this.#device(m.get('Device'), m.get('State'));
      case 'ContactStatus': {
        const ep = m.get('EndpointName') ?? m.get('AOR');
        const uri = m.get('URI');
        if (ep === undefined || uri === undefined) return false;
        const status = m.get('ContactStatus') ?? 'Unknown';
        const e = this.#endpoint(ep);
        if (status === 'Removed') e.contacts.delete(uri);
        else e.contacts.set(uri, { uri, status, roundtripUsec: num(m.get('RoundtripUsec')) });
        this.#changes.endpoints.add(ep);
        return true;
      }
      case 'QueueMemberAdded':
      case 'QueueMemberStatus':
      case 'QueueMemberPause':
      case 'QueueMemberPaused':
        return this.#member(m, m.get('MemberName'), m.get('Interface'), nowMs);
      case 'QueueMemberRemoved': {
        const key = `${m.get('Queue')}\u0000${m.get('Interface')}`;
        if (!this.#members.delete(key)) return false;
        this.#membersByIface.get(m.get('Interface') ?? '')?.delete(key);
        this.#changes.members.add(key);
        this.#touchInterface(m.get('Interface') ?? '');
        return true;
      }
      case 'Newchannel':
        return this.#channel(m, nowMs);
      case 'Newstate':
      case 'NewCallerid':
        // Absolute values: also (re)creates a channel that began before a reconnect.
        return this.#channel(m, nowMs);
      case 'Hangup': {
        const id = m.get('Uniqueid');
        const ch = id === undefined ? undefined : this.#channels.get(id);
        if (id === undefined || ch === undefined) return false;
        this.#channels.delete(id);
        if (ch.endpoint !== undefined) this.#channelsByEndpoint.get(ch.endpoint)?.delete(id);
        this.#changes.channels.add(id);
        if (ch.endpoint !== undefined) this.#changes.endpoints.add(ch.endpoint);
        return true;
      }
      case 'Registry': {
        const client = m.get('Username');
        for (const r of this.#registrations.values()) {
          if (r.clientUri === client) {
            r.status = m.get('Status') ?? r.status;
            this.#changes.endpoints.add(r.name);
            return true;
          }
        }
        return false;
      }
      case 'MessageWaiting': {
        const id = m.get('Mailbox');
        if (id === undefined) return false;
        const old = this.#mailboxes.get(id);
        this.#mailboxes.set(id, { server: this.server, mailbox: id, newMessages: num(m.get('New')), oldMessages: num(m.get('Old')), urgentMessages: old?.urgentMessages ?? 0, updatedAt: nowMs });
        this.#changes.mailboxes.add(id);
        return true;
      }
      default:
        return false;
    }
  }

  /** Returns and clears the keys changed since the last call. */
  takeChanges(): StatusChanges {
    const c = this.#changes;
    this.#changes = { endpoints: new Set(), channels: new Set(), members: new Set(), mailboxes: new Set() };
    return c;
  }

  /** True when `name` is a known endpoint that is a trunk. */
  isTrunk(name: string): boolean {
    return this.#endpoints.get(name)?.isTrunk ?? false;
  }

  /** Current extension status, or undefined if `name` is unknown or a trunk. */
  extension(name: string, nowMs: number): ExtensionStatus | undefined {
    const ep = this.#endpoints.get(name);
    if (ep === undefined || ep.isTrunk) return undefined;
    const members = [...(this.#membersByIface.get(`PJSIP/${name}`) ?? []), ...(this.#membersByIface.get(`SIP/${name}`) ?? [])]
      .map((k) => this.#members.get(k))
      .filter((m): m is QueueMemberStatus => m !== undefined);
    const active = this.#channelsByEndpoint.get(name)?.size ?? 0;
    const contacts = [...ep.contacts.values()];
    const paused = members.find((m) => m.paused);
    const lastCall = Math.max(0, ...members.map((m) => m.lastCall));
    const state = members.length > 0 ? agentState({ deviceState: ep.deviceState, memberOf: members.length, paused: paused !== undefined, activeChannels: active }) : undefined;
    return {
      server: this.server, extension: name, contacts, registered: contacts.some((c) => c.status !== 'Unreachable'), deviceState: ep.deviceState,
      ...(state === undefined ? {} : { agentState: state }),
      ...(state === 'paused' ? { pauseReason: paused?.pausedReason ?? '' } : {}),
      queues: members.map((m) => m.queue), callsTaken: members.reduce((s, m) => s + m.callsTaken, 0),
      ...(lastCall > 0 ? { lastCallAt: lastCall } : {}), activeChannels: active, updatedAt: nowMs,
    };
  }

  /** Current trunk status, or undefined if `name` is not a trunk. */
  trunk(name: string, nowMs: number): TrunkStatus | undefined {
    const ep = this.#endpoints.get(name);
    if (ep === undefined || !ep.isTrunk) return undefined;
    const reg = this.#registrations.get(name);
    const contacts = [...ep.contacts.values()];
    const reachable = !['UNAVAILABLE', 'INVALID'].includes(ep.deviceState) && (contacts.length === 0 || contacts.some((c) => c.status !== 'Unreachable'));
    return {
      server: this.server, trunk: name, ...(reg === undefined ? {} : { registration: reg.status }), deviceState: ep.deviceState, reachable,
      activeChannels: this.#channelsByEndpoint.get(name)?.size ?? 0, updatedAt: nowMs,
    };
  }

  /** Channel by uniqueid. */
  channel(uniqueid: string): ChannelStatus | undefined {
    return this.#channels.get(uniqueid);
  }

  /** Queue member by `queue\u0000interface` key. */
  member(key: string): QueueMemberStatus | undefined {
    return this.#members.get(key);
  }

  /** Mailbox by id. */
  mailbox(id: string): MailboxStatus | undefined {
    return this.#mailboxes.get(id);
  }

  /** Names of all known endpoints. */
  get endpointNames(): string[] {
    return [...this.#endpoints.keys()];
  }

  /** Counts, for summaries and tests. */
  get counts(): { endpoints: number; channels: number; members: number; mailboxes: number; registrations: number } {
    return { endpoints: this.#endpoints.size, channels: this.#channels.size, members: this.#members.size, mailboxes: this.#mailboxes.size, registrations: this.#registrations.size };
  }
}
