import { createServer, type Server, type Socket } from 'node:net';
import { AmiParser } from '../codec/ami-parser.js';
import type { AmiMessage } from '../codec/ami-message.js';
import { serializeHeaders } from '../codec/ami-serializer.js';
import { AOR_DETAIL, ENDPOINT_DETAIL } from './pjsip-templates.js';
import {
  EXTENSION_STATUS, aorFields, authDetail, channelBlock, contactListItem, coreShowChannel, endpointListItem, formatEventTv,
  queueMemberEvent, queueMemberItem, queueParams, queueSummaryItem, registrationDetail, statusItem, type SimHeaders,
} from './sim-messages.js';
import { cliCommand } from './cli-output.js';
import { generatedState, type SimChannel, type SimState } from './sim-state.js';

/** Options of {@link AmiSimulator.start}. */
export interface AmiSimulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Listen address (default 127.0.0.1). */
  readonly host?: string;
  /** AMI users and their secrets (default `{ acm: 'secret' }`). */
  readonly users?: Readonly<Record<string, string>>;
  /** Initial state (default: {@link generatedState} with 20 extensions). */
  readonly state?: SimState;
  /** Clock in ms (default Date.now); tests pin it. */
  readonly now?: () => number;
}

/** Options of {@link AmiSimulator.startCall}. */
export interface SimCallOptions {
  /** The PJSIP endpoint whose phone rings or talks (e.g. an agent's extension). */
  readonly endpoint: string;
  /** Caller number and name shown on the phone (default `0000` / `Caller`). */
  readonly callerNum?: string;
  readonly callerName?: string;
  /** Trunk endpoint the call came in on or goes out through (adds a second channel). */
  readonly trunk?: string;
  /** Queue the call was delivered by (counted in CallsTaken when answered). */
  readonly queue?: string;
  /** Start ringing (default) or already answered. */
  readonly answered?: boolean;
}

interface Session {
  readonly socket: Socket;
  readonly parser: AmiParser;
  readonly id: string;
  user: string | undefined;
  events: boolean;
  loginMs: number;
  /** While set, answers are collected here instead of written (fault injection). */
  capture: string | undefined;
}

const BANNER = 'Asterisk Call Manager/11.0.0\r\n';

/**
 * An AMI server that answers like Asterisk 22.10.1 does in the reference captures (banner, login,
 * responses, event lists, Command output, errors), driven by a {@link SimState}, a scenario API
 * (registrations, calls, queue activity) or random traffic. It can drop connections and restart.
 *
 * @example
 * ```ts
 * const sim = await AmiSimulator.start({ users: { acm: 'secret' } });
 * const call = sim.startCall({ endpoint: '2001', queue: 'q1' });
 * sim.answerCall(call);
 * await sim.stop();
 * ```
 */
export class AmiSimulator {
  /** The live state; mutate it through the scenario methods so that events are sent. */
  readonly state: SimState;
  readonly #users: Readonly<Record<string, string>>;
  readonly #now: () => number;
  readonly #host: string;
  readonly #sessions = new Set<Session>();
  #server: Server | undefined;
  #port: number;
  #sessionSeq = 0x55e05912f660;
  #traffic: NodeJS.Timeout | undefined;
  #eventsSent = 0;
  #random: () => number = Math.random;
  readonly #localDevices = new Map<string, string>();
  readonly #faults = new Map<string, 'drop-mid-list' | 'silent' | 'drop' | 'error'>();

  private constructor(options: AmiSimulatorOptions) {
    this.#now = options.now ?? Date.now;
    this.state = options.state ?? generatedState(this.#now());
    this.#users = options.users ?? { acm: 'secret' };
    this.#host = options.host ?? '127.0.0.1';
    this.#port = options.port ?? 0;
  }

  /** Starts a simulator and resolves once it listens. */
  static async start(options: AmiSimulatorOptions = {}): Promise<AmiSimulator> {
    const sim = new AmiSimulator(options);
    await sim.#listen();
    return sim;
  }

  /** The TCP port it listens on (stable across {@link AmiSimulator.restart}). */
  get port(): number {
    return this.#port;
  }

  /** Number of open AMI sessions. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** Events written to sessions so far (each copy counts). */
  get eventsSent(): number {
    return this.#eventsSent;
  }

  #listen(): Promise<void> {
    const server = createServer((socket) => this.#accept(socket));
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, this.#host, () => {
        const address = server.address();
        if (typeof address === 'object' && address !== null) this.#port = address.port;
        resolve();
      });
    });
  }

  #accept(socket: Socket): void {
    socket.setNoDelay(true);
    const session: Session = { socket, parser: new AmiParser({ expectBanner: false }), id: `0x${(this.#sessionSeq++).toString(16)}`, user: undefined, events: true, loginMs: 0, capture: undefined };
    this.#sessions.add(session);
    socket.on('error', () => undefined);
    socket.on('close', () => this.#sessions.delete(session));
    socket.write(BANNER);
    socket.on('data', (chunk: Buffer) => {
      for (const frame of session.parser.push(chunk)) if (frame.kind === 'message') this.#handle(session, frame.message);
    });
  }

  #write(session: Session, headers: SimHeaders): void {
    if (session.capture !== undefined) session.capture += serializeHeaders(headers);
    else if (!session.socket.destroyed) session.socket.write(serializeHeaders(headers));
  }

  /** Sends an event to every logged-in session with events on. */
  broadcast(headers: SimHeaders): void {
    const bytes = serializeHeaders(headers);
    for (const s of this.#sessions) {
      if (s.user !== undefined && s.events && !s.socket.destroyed) {
        s.socket.write(bytes);
        this.#eventsSent++;
      }
    }
  }

  #addresses(session: Session): { local: string; remote: string } {
    return {
      local: `IPV4/TCP/${session.socket.localAddress ?? '127.0.0.1'}/${session.socket.localPort ?? this.#port}`.replace('::ffff:', ''),
      remote: `IPV4/TCP/${session.socket.remoteAddress ?? '127.0.0.1'}/${session.socket.remotePort ?? 0}`.replace('::ffff:', ''),
    };
  }

  #handle(session: Session, m: AmiMessage): void {
    const action = m.get('Action') ?? '';
    const id = m.actionId;
    const withId = (...rest: SimHeaders): SimHeaders => (id === undefined ? rest : [rest[0]!, ['ActionID', id], ...rest.slice(1)]);
    const lower = action.toLowerCase();
    if (lower === 'login') return this.#login(session, m, withId);
    if (session.user === undefined) {
      this.#write(session, withId(['Response', 'Error'], ['Message', 'Permission denied']));
      return;
    }
    const fault = this.#faults.get(lower);
    if (fault !== undefined) {
      this.#faults.delete(lower);
      if (fault === 'silent') return;
      // What Asterisk answers an AMI user whose read permissions do not cover the action.
      if (fault === 'error') return this.#write(session, withId(['Response', 'Error'], ['Message', 'Permission denied']));
      if (fault === 'drop') {
        session.socket.destroy();
        return;
      }
      // drop-mid-list: answer normally into a buffer, send the first half of the bytes, then cut.
      session.capture = '';
      this.#handle(session, m);
      const out = session.capture;
      session.capture = undefined;
      session.socket.write(out.slice(0, Math.floor(out.length / 2)));
      session.socket.destroySoon();
      return;
    }
    const now = this.#now();
    const listStart = (message: string): void => this.#write(session, withId(['Response', 'Success'], ['EventList', 'start'], ['Message', message]));
    const listEnd = (event: string, count: number, extra: SimHeaders = []): void =>
      this.#write(session, [['Event', event], ...(id === undefined ? [] : ([['ActionID', id]] as SimHeaders)), ['EventList', 'Complete'], ['ListItems', String(count)], ...extra]);
    const aid = id ?? '';
    const st = this.state;
    switch (lower) {
      case 'ping':
        return this.#write(session, withId(['Response', 'Success'], ['Ping', 'Pong'], ['Timestamp', (now / 1000).toFixed(6)]));
      case 'logoff':
        this.#write(session, withId(['Response', 'Goodbye'], ['Message', 'Thanks for all the fish.']));
        session.socket.end();
        return;
      case 'corestatus': {
        const boot = new Date(st.bootMs).toISOString();
        const reload = new Date(st.reloadMs).toISOString();
        return this.#write(session, withId(
          ['Response', 'Success'], ['CoreStartupDate', boot.slice(0, 10)], ['CoreStartupTime', boot.slice(11, 19)], ['CoreReloadDate', reload.slice(0, 10)],
          ['CoreReloadTime', reload.slice(11, 19)], ['CoreCurrentCalls', String(new Set(st.channels.map((c) => c.linkedid)).size)], ['CoreProcessedCalls', String(st.processedCalls)],
        ));
      }
      case 'coresettings':
        return this.#write(session, withId(
          ['Response', 'Success'], ['AMIversion', '11.0.0'], ['AsteriskVersion', '22.10.1'], ['SystemName', ''], ['CoreMaxCalls', '0'], ['CoreMaxLoadAvg', '0.000000'],
          ['CoreRunUser', ''], ['CoreRunGroup', ''], ['CoreMaxFilehandles', '0'], ['CoreRealTimeEnabled', 'No'], ['CoreCDRenabled', 'Yes'], ['CoreHTTPenabled', 'No'],
          ['SoundsSearchCustomDir', 'No'],
        ));
      case 'command': {
        const command = m.get('Command') ?? '';
        const result = cliCommand(command, st, now);
        return this.#write(session, withId(['Response', result.ok ? 'Success' : 'Error'], ['Message', 'Command output follows'], ...result.lines.map((o): [string, string] => ['Output', o])));
      }
      case 'pjsipshowendpoints':
        // res_pjsip answers an empty list with an error whose message ends in a bare \n (as C-01 shows for contacts).
        if (st.endpoints.length === 0) return this.#write(session, withId(['Response', 'Error'], ['Message', 'No endpoints found\n']));
        listStart('A listing of Endpoints follows, presented as EndpointList events');
        for (const ep of st.endpoints) this.#write(session, endpointListItem(ep, st, aid));
        return listEnd('EndpointListComplete', st.endpoints.length);
      case 'pjsipshowendpoint': {
        const ep = st.endpoints.find((e) => e.name === m.get('Endpoint'));
        if (ep === undefined) return this.#write(session, withId(['Response', 'Error'], ['Message', `Unable to retrieve endpoint ${m.get('Endpoint') ?? ''}`]));
        listStart('Following are Events for each object associated with the Endpoint');
        const override: Record<string, string> = {
          Mailboxes: ep.mailboxes, Aors: ep.name, Context: ep.context, Callerid: ep.callerid, Auth: ep.auths, OutboundAuth: ep.outboundAuths,
        };
        this.#write(session, [['Event', 'EndpointDetail'], ['ActionID', aid], ['ObjectType', 'endpoint'], ['ObjectName', ep.name], ...ENDPOINT_DETAIL.map(([k, v]): [string, string] => [k, override[k] ?? v])]);
        let items = 1;
        if (ep.auths !== '') {
          this.#write(session, authDetail(ep.auths, ep.auths, ep.password, aid, ep.name));
          items++;
        }
        const contacts = st.contacts.filter((c) => c.aor === ep.name);
        const aor = new Map(aorFields(ep, st));
        this.#write(session, [
          ['Event', 'AorDetail'], ['ActionID', aid], ['ObjectType', 'aor'], ['ObjectName', ep.name],
          ...AOR_DETAIL.map(([k, v]): [string, string] => [k, k === 'TotalContacts' || k === 'ContactsRegistered' ? String(contacts.length) : k === 'EndpointName' ? ep.name : (aor.get(k) ?? v)]),
        ]);
        items++;
        return listEnd('EndpointDetailComplete', items);
      }
      case 'pjsipshowcontacts': {
        // Only registered contacts are listed; static AOR contacts (trunks: no Call-ID) are not.
        // None registered (an HA standby): Asterisk sends an error, not an empty list (standby/C-01, byte for byte).
        const registered = st.contacts.filter((x) => x.callId !== '');
        if (registered.length === 0) return this.#write(session, withId(['Response', 'Error'], ['Message', 'No Contacts found\n']));
        listStart('A listing of Contacts follows, presented as ContactList events');
        for (const c of registered) this.#write(session, contactListItem(c, st.endpoints.find((e) => e.name === c.aor)?.qualifyFrequency ?? 0, aid));
        return listEnd('ContactListComplete', registered.length);
      }
      case 'pjsipshowaors':
        if (st.endpoints.length === 0) return this.#write(session, withId(['Response', 'Error'], ['Message', 'No AORs found\n']));
        listStart('A listing of AORs follows, presented as AorList events');
        for (const ep of st.endpoints) this.#write(session, [['Event', 'AorList'], ['ActionID', aid], ['ObjectType', 'aor'], ['ObjectName', ep.name], ...aorFields(ep, st)]);
        return listEnd('AorListComplete', st.endpoints.length);
      case 'pjsipshowregistrationsoutbound': {
        listStart('Following are Events for each Outbound registration');
        for (const r of st.registrations) {
          this.#write(session, registrationDetail(r, aid));
          this.#write(session, authDetail(r.outboundAuth, r.username, r.password, aid));
        }
        const registered = st.registrations.filter((r) => r.status === 'Registered').length;
        return listEnd('OutboundRegistrationDetailComplete', st.registrations.length, [['Registered', String(registered)], ['NotRegistered', String(st.registrations.length - registered)]]);
      }
      case 'pjsipregister':
      case 'pjsipunregister': {
        const reg = st.registrations.find((r) => r.name === m.get('Registration'));
        if (reg === undefined) return this.#write(session, withId(['Response', 'Error'], ['Message', `Unable to retrieve registration entry ${m.get('Registration') ?? ''}`]));
        this.#write(session, withId(['Response', 'Success'], ['Message', lower === 'pjsipregister' ? 'Reregistration sent' : 'Unregistration sent']));
        this.setRegistration(reg.name, 'Unregistered');
        if (lower === 'pjsipregister') setTimeout(() => this.setRegistration(reg.name, 'Registered'), 50).unref();
        return;
      }
      case 'queuestatus': {
        listStart('Queue status will follow');
        let n = 0;
        for (const q of st.queues.filter((x) => m.get('Queue') === undefined || x.name === m.get('Queue'))) {
          this.#write(session, queueParams(q, st, aid));
          n++;
          for (const mem of q.members.filter((x) => m.get('Member') === undefined || x.interface === m.get('Member'))) {
            this.#write(session, queueMemberItem(q, mem, st, aid));
            n++;
          }
        }
        return listEnd('QueueStatusComplete', n);
      }
      case 'queuesummary': {
        listStart('Queue summary will follow');
        const qs = st.queues.filter((x) => m.get('Queue') === undefined || x.name === m.get('Queue'));
        for (const q of qs) this.#write(session, queueSummaryItem(q, st, aid));
        return listEnd('QueueSummaryComplete', qs.length);
      }
      case 'queueadd': {
        const ok = this.queueAdd(m.get('Queue') ?? '', m.get('Interface') ?? '', m.get('MemberName') ?? m.get('Interface') ?? '', {
          paused: /^(true|yes|1)$/i.test(m.get('Paused') ?? ''), penalty: Number(m.get('Penalty') ?? 0), respond: () => this.#write(session, withId(['Response', 'Success'], ['Message', 'Added interface to queue'])),
        });
        if (!ok) this.#write(session, withId(['Response', 'Error'], ['Message', 'Unable to add interface: Already there']));
        return;
      }
      case 'queueremove': {
        const ok = this.queueRemove(m.get('Queue') ?? '', m.get('Interface') ?? '', () => this.#write(session, withId(['Response', 'Success'], ['Message', 'Removed interface from queue'])));
        if (!ok) this.#write(session, withId(['Response', 'Error'], ['Message', 'Unable to remove interface: Not there']));
        return;
      }
      case 'queuepause': {
        const paused = /^(true|yes|1)$/i.test(m.get('Paused') ?? '');
        const ok = this.queuePause(m.get('Queue'), m.get('Interface') ?? '', paused, m.get('Reason') ?? '', () =>
          this.#write(session, withId(['Response', 'Success'], ['Message', paused ? 'Interface paused successfully' : 'Interface unpaused successfully'])));
        if (!ok) this.#write(session, withId(['Response', 'Error'], ['Message', 'Interface not found']));
        return;
      }
      case 'mailboxcount': {
        const mb = st.mailboxes.find((x) => x.id === m.get('Mailbox'));
        return this.#write(session, withId(['Response', 'Success'], ['Message', 'Mailbox Message Count'], ['Mailbox', m.get('Mailbox') ?? ''],
          ['UrgMessages', String(mb?.urgent ?? 0)], ['NewMessages', String(mb?.new ?? 0)], ['OldMessages', String(mb?.old ?? 0)]));
      }
      case 'mailboxstatus': {
        const mb = st.mailboxes.find((x) => x.id === m.get('Mailbox'));
        return this.#write(session, withId(['Response', 'Success'], ['Message', 'Mailbox Status'], ['Mailbox', m.get('Mailbox') ?? ''], ['Waiting', String((mb?.new ?? 0) + (mb?.urgent ?? 0))]));
      }
      case 'extensionstatelist':
        listStart('Extension Statuses will follow');
        for (const h of st.hints) this.#write(session, [['Event', 'ExtensionStatus'], ['ActionID', aid], ...this.#hintFields(h)]);
        return listEnd('ExtensionStateListComplete', st.hints.length);
      case 'devicestatelist':
        listStart('Device State Changes will follow');
        for (const [device, state] of st.devices) this.#write(session, [['Event', 'DeviceStateChange'], ['ActionID', aid], ['Device', device], ['State', state]]);
        return listEnd('DeviceStateListComplete', st.devices.size);
      case 'status': {
        listStart('Channel status will follow');
        for (const ch of st.channels) this.#write(session, statusItem(ch, now, aid));
        return listEnd('StatusComplete', st.channels.length, [['Items', String(st.channels.length)]]);
      }
      case 'coreshowchannels':
        listStart('Channels will follow');
        for (const ch of st.channels) this.#write(session, coreShowChannel(ch, now, aid));
        return listEnd('CoreShowChannelsComplete', st.channels.length);
      case 'originate':
        return this.#originate(session, m, withId);
      case 'hangup': {
        const ch = st.channels.find((c) => c.name === m.get('Channel'));
        if (ch === undefined) return this.#write(session, withId(['Response', 'Error'], ['Message', 'No such channel']));
        this.#write(session, withId(['Response', 'Success'], ['Message', 'Channel Hungup']));
        this.endCall(ch.linkedid);
        return;
      }
      case 'reload': {
        this.#write(session, withId(['Response', 'Success'], ['Message', 'Module Reloaded']));
        st.reloadMs = now;
        this.broadcast([['Event', 'Reload'], ['Privilege', 'system,all'], ['Module', m.get('Module') ?? 'All'], ['Status', '0']]);
        return;
      }
      default: {
        this.#write(session, withId(['Response', 'Error'], ['Message', `Invalid/unknown command: ${action}. Use Action: ListCommands to show available commands.`]));
        const { local, remote } = this.#addresses(session);
        this.broadcast([
          ['Event', 'RequestBadFormat'], ['Privilege', 'security,all'], ['EventTV', formatEventTv(now)], ['Severity', 'Error'], ['Service', 'AMI'], ['EventVersion', '1'],
          ['SessionID', session.id], ['LocalAddress', local], ['RemoteAddress', remote], ['RequestType', `Action: ${action}`], ['SessionTV', formatEventTv(session.loginMs)],
          ['AccountID', session.user ?? ''],
        ]);
      }
    }
  }

  #hintFields(h: { exten: string; context: string; hint: string }): SimHeaders {
    const [status, text] = EXTENSION_STATUS[this.state.devices.get(h.hint) ?? 'UNKNOWN'] ?? [4, 'Unavailable'];
    return [['Exten', h.exten], ['Context', h.context], ['Hint', h.hint], ['Status', String(status)], ['StatusText', text]];
  }

  #login(session: Session, m: AmiMessage, withId: (...rest: SimHeaders) => SimHeaders): void {
    const user = m.get('Username') ?? '';
    const now = this.#now();
    const { local, remote } = this.#addresses(session);
    if (this.#users[user] === undefined || this.#users[user] !== m.get('Secret')) {
      this.#write(session, withId(['Response', 'Error'], ['Message', 'Authentication failed']));
      session.socket.end();
      this.broadcast([
        ['Event', 'InvalidPassword'], ['Privilege', 'security,all'], ['EventTV', formatEventTv(now)], ['Severity', 'Error'], ['Service', 'AMI'], ['EventVersion', '2'],
        ['AccountID', user], ['SessionID', session.id], ['LocalAddress', local], ['RemoteAddress', remote], ['SessionTV', '1970-01-01T00:00:00.000+0000'],
      ]);
      return;
    }
    session.user = user;
    session.loginMs = now;
    session.events = !/^(off|no|false|0)$/i.test(m.get('Events') ?? 'on');
    this.#write(session, withId(['Response', 'Success'], ['Message', 'Authentication accepted']));
    const up = String(Math.floor((now - this.state.bootMs) / 1000));
    const reload = String(Math.floor((now - this.state.reloadMs) / 1000));
    if (session.events) this.#write(session, [['Event', 'FullyBooted'], ['Privilege', 'system,all'], ['Uptime', up], ['LastReload', reload], ['Status', 'Fully Booted']]);
    this.broadcast([
      ['Event', 'SuccessfulAuth'], ['Privilege', 'security,all'], ['EventTV', formatEventTv(now)], ['Severity', 'Informational'], ['Service', 'AMI'], ['EventVersion', '1'],
      ['AccountID', user], ['SessionID', session.id], ['LocalAddress', local], ['RemoteAddress', remote], ['UsingPassword', '0'], ['SessionTV', formatEventTv(now)],
    ]);
  }

  #originate(session: Session, m: AmiMessage, withId: (...rest: SimHeaders) => SimHeaders): void {
    const target = m.get('Channel') ?? '';
    const app = m.get('Application') ?? '';
    const data = m.get('Data') ?? '';
    const id = m.actionId;
    this.#write(session, withId(['Response', 'Success'], ['Message', 'Originate successfully queued']));
    const local = /^Local\/([^@]+)@(.+)$/.exec(target);
    const cid = /^(?:"?([^"<]*)"?\s*)?<([^>]*)>$/.exec(m.get('CallerID') ?? '');
    const num = cid?.[2] ?? '<unknown>';
    const name = cid?.[1]?.trim() || '<unknown>';
    const response = (ok: boolean, channel: string, uniqueid: string): void =>
      this.broadcast([
        ['Event', 'OriginateResponse'], ['Privilege', 'call,all'], ...(id === undefined ? [] : ([['ActionID', id]] as SimHeaders)), ['Response', ok ? 'Success' : 'Failure'],
        ['Channel', channel], ['Application', app], ['Data', data], ['Reason', ok ? '4' : '0'], ['Uniqueid', uniqueid],
        ['CallerIDNum', ok ? num : '<unknown>'], ['CallerIDName', ok ? name : '<unknown>'],
      ]);
    if (local === null || !this.state.contexts.includes(local[2]!)) {
      setImmediate(() => response(false, target, '<unknown>'));
      return;
    }
    setImmediate(() => {
      const [exten, context] = [local[1]!, local[2]!];
      const seq = (this.state.channelSeq++).toString(16).padStart(8, '0');
      const now = this.#now();
      const linked = `${Math.floor(now / 1000)}.${this.state.uniqueSeq++}`;
      const mk = (leg: 1 | 2, uniqueid: string, appData: string): SimChannel => ({
        name: `Local/${exten}@${context}-${seq};${leg}`, state: 6, callerIdNum: num, callerIdName: name, connectedNum: num, connectedName: name, context, exten,
        priority: leg, uniqueid, linkedid: linked, application: app, data: appData, createdMs: now, endpoint: undefined, queue: undefined,
      });
      const one = mk(1, linked, data);
      // The ;2 leg runs the dialplan at exten@context (in the captures: Answer, then Wait(30)).
      const step = this.state.dialplan[`${exten}@${context}`] ?? { application: app, data };
      const two = { ...mk(2, `${Math.floor(now / 1000)}.${this.state.uniqueSeq++}`, step.data), application: step.application };
      this.state.channels.unshift(two, one);
      this.state.channels.sort((a, b) => b.createdMs - a.createdMs || (a.name < b.name ? -1 : 1));
      this.state.processedCalls++;
      for (const ch of [one, two]) this.broadcast([['Event', 'Newchannel'], ['Privilege', 'call,all'], ...channelBlock(ch)]);
      this.#setDevice(`Local/${exten}@${context}`, 'INUSE');
      response(true, one.name, one.uniqueid);
    });
  }

  #setDevice(device: string, state: string): void {
    if ((this.state.devices.get(device) ?? this.#localDevices.get(device)) === state) return;
    // Local channel devices are announced but not cached: DeviceStateList never lists them.
    if (device.startsWith('Local/')) this.#localDevices.set(device, state);
    else this.state.devices.set(device, state);
    this.broadcast([['Event', 'DeviceStateChange'], ['Privilege', 'call,all'], ['Device', device], ['State', state]]);
    for (const h of this.state.hints.filter((x) => x.hint === device)) this.broadcast([['Event', 'ExtensionStatus'], ['Privilege', 'call,all'], ...this.#hintFields(h)]);
    for (const q of this.state.queues) {
      for (const mem of q.members.filter((x) => x.interface === device)) this.broadcast(queueMemberEvent('QueueMemberStatus', q, mem, this.state));
    }
  }

  /** Recomputes a PJSIP endpoint's device state from its contacts and channels and announces a change. */
  #refreshEndpoint(endpoint: string): void {
    const channels = this.state.channels.filter((c) => c.endpoint === endpoint);
    const reachable = this.state.contacts.some((c) => c.endpoint === endpoint && c.status !== 'Unreachable');
    let state = reachable ? 'NOT_INUSE' : 'UNAVAILABLE';
    if (channels.some((c) => c.state === 6)) state = channels.some((c) => c.state === 5) ? 'RINGINUSE' : 'INUSE';
    else if (channels.some((c) => c.state === 5)) state = 'RINGING';
    this.#setDevice(`PJSIP/${endpoint}`, state);
  }

  // ---- scenario API ---------------------------------------------------------------------------

  /** A phone registers: ContactStatus (NonQualified), PeerStatus Reachable, device and hint changes. */
  register(endpoint: string, uri = `sip:${endpoint}@127.0.0.1:5062`, hash = uri.replace(/\W/g, '').slice(-32)): void {
    if (this.state.contacts.some((c) => c.endpoint === endpoint)) return;
    const ep = this.state.endpoints.find((e) => e.name === endpoint);
    if (ep === undefined) throw new Error(`simulator: no endpoint ${endpoint}`);
    const now = this.#now();
    this.state.contacts.push({ aor: endpoint, endpoint, uri, hash, callId: `sim-${endpoint}-${now}`, userAgent: 'Simulated Phone 1.0', viaAddr: '127.0.0.1', viaPort: 5062, expirationTime: Math.floor(now / 1000) + 120, status: 'NonQualified', roundtripUsec: 0 });
    ep.removeExisting = ep.maxContacts === 1;
    this.broadcast([['Event', 'ContactStatus'], ['Privilege', 'system,all'], ['URI', uri], ['ContactStatus', 'NonQualified'], ['AOR', endpoint], ['EndpointName', endpoint], ['RoundtripUsec', '0']]);
    this.broadcast([['Event', 'PeerStatus'], ['Privilege', 'system,all'], ['ChannelType', 'PJSIP'], ['Peer', `PJSIP/${endpoint}`], ['PeerStatus', 'Reachable']]);
    this.#refreshEndpoint(endpoint);
  }

  /** A phone unregisters: ContactStatus Removed, PeerStatus Unreachable, device UNAVAILABLE. */
  unregister(endpoint: string): void {
    const idx = this.state.contacts.findIndex((c) => c.endpoint === endpoint);
    if (idx < 0) return;
    const [contact] = this.state.contacts.splice(idx, 1);
    this.broadcast([['Event', 'ContactStatus'], ['Privilege', 'system,all'], ['URI', contact!.uri], ['ContactStatus', 'Removed'], ['AOR', endpoint], ['EndpointName', endpoint], ['RoundtripUsec', '0']]);
    this.broadcast([['Event', 'PeerStatus'], ['Privilege', 'system,all'], ['ChannelType', 'PJSIP'], ['Peer', `PJSIP/${endpoint}`], ['PeerStatus', 'Unreachable']]);
    this.#refreshEndpoint(endpoint);
  }

  /** Starts a call to (or from) an endpoint; returns the call id (its linkedid). */
  startCall(options: SimCallOptions): string {
    const now = this.#now();
    const linked = `${Math.floor(now / 1000)}.${this.state.uniqueSeq++}`;
    const num = options.callerNum ?? '0000';
    const name = options.callerName ?? 'Caller';
    const legs: SimChannel[] = [];
    const mk = (endpoint: string, uniqueid: string, state: number, queue: string | undefined): SimChannel => ({
      name: `PJSIP/${endpoint}-${(this.state.channelSeq++).toString(16).padStart(8, '0')}`, state, callerIdNum: num, callerIdName: name, connectedNum: num,
      connectedName: name, context: 'default', exten: options.endpoint, priority: 1, uniqueid, linkedid: linked, application: 'Dial', data: `PJSIP/${options.endpoint},20`,
      createdMs: now, endpoint, queue,
    });
    if (options.trunk !== undefined) legs.push(mk(options.trunk, linked, 6, undefined));
    legs.push(mk(options.endpoint, options.trunk === undefined ? linked : `${Math.floor(now / 1000)}.${this.state.uniqueSeq++}`, options.answered ? 6 : 5, options.queue));
    this.state.channels.unshift(...legs.reverse());
    this.state.processedCalls++;
    for (const ch of legs) this.broadcast([['Event', 'Newchannel'], ['Privilege', 'call,all'], ...channelBlock(ch)]);
    if (options.trunk !== undefined) this.#refreshEndpoint(options.trunk);
    this.#refreshEndpoint(options.endpoint);
    if (options.answered) this.#memberTookCall(options.endpoint, options.queue, now);
    return linked;
  }

  #memberTookCall(endpoint: string, queue: string | undefined, now: number): void {
    if (queue === undefined) return;
    const q = this.state.queues.find((x) => x.name === queue);
    const mem = q?.members.find((x) => x.interface === `PJSIP/${endpoint}`);
    if (q === undefined || mem === undefined) return;
    mem.callsTaken++;
    mem.lastCall = Math.floor(now / 1000);
    mem.inCall = 1;
    this.broadcast(queueMemberEvent('QueueMemberStatus', q, mem, this.state));
  }

  /** Answers a ringing call: Newstate Up on the ringing leg. */
  answerCall(callId: string): void {
    const now = this.#now();
    for (const ch of this.state.channels.filter((c) => c.linkedid === callId && c.state !== 6)) {
      ch.state = 6;
      this.broadcast([['Event', 'Newstate'], ['Privilege', 'call,all'], ...channelBlock(ch)]);
      if (ch.endpoint !== undefined) {
        this.#refreshEndpoint(ch.endpoint);
        this.#memberTookCall(ch.endpoint, ch.queue, now);
      }
    }
  }

  /** Ends a call: Hangup events, device states back to idle, queue InCall cleared. */
  endCall(callId: string): void {
    const legs = this.state.channels.filter((c) => c.linkedid === callId);
    if (legs.length === 0) return;
    this.state.channels.splice(0, this.state.channels.length, ...this.state.channels.filter((c) => c.linkedid !== callId));
    for (const ch of legs) this.broadcast([['Event', 'Hangup'], ['Privilege', 'call,all'], ...channelBlock(ch), ['Cause', '16'], ['Cause-txt', 'Normal Clearing']]);
    for (const ch of legs) {
      if (ch.endpoint === undefined) {
        const local = /^(Local\/[^-]+)-/.exec(ch.name);
        if (local && !this.state.channels.some((c) => c.name.startsWith(`${local[1]}-`))) this.#setDevice(local[1]!, 'NOT_INUSE');
        continue;
      }
      for (const q of this.state.queues) {
        const mem = q.members.find((x) => x.interface === `PJSIP/${ch.endpoint}` && x.inCall === 1);
        if (mem !== undefined) mem.inCall = 0;
      }
      this.#refreshEndpoint(ch.endpoint);
    }
  }

  /** Ids of the calls in progress. */
  get calls(): string[] {
    return [...new Set(this.state.channels.map((c) => c.linkedid))];
  }

  /** Adds a dynamic member; `at` places it in the listing order (default last). False if already there. */
  queueAdd(queue: string, iface: string, memberName: string, options: { paused?: boolean; penalty?: number; at?: number; respond?: () => void } = {}): boolean {
    const q = this.state.queues.find((x) => x.name === queue);
    if (q === undefined || q.members.some((x) => x.interface === iface)) return false;
    options.respond?.();
    const now = Math.floor(this.#now() / 1000);
    const mem = { name: memberName, interface: iface, membership: 'dynamic' as const, penalty: options.penalty ?? 0, callsTaken: 0, lastCall: 0, lastPause: options.paused ? now : 0, loginTime: now, inCall: 0, paused: options.paused ?? false, pausedReason: '', wrapuptime: 0 };
    q.members.splice(options.at ?? q.members.length, 0, mem);
    this.#setDevice(`Queue:${queue}_pause_${iface}`, mem.paused ? 'INUSE' : 'NOT_INUSE');
    this.broadcast(queueMemberEvent('QueueMemberAdded', q, mem, this.state));
    return true;
  }

  /** Removes a member. False if it was not there. */
  queueRemove(queue: string, iface: string, respond?: () => void): boolean {
    const q = this.state.queues.find((x) => x.name === queue);
    const idx = q?.members.findIndex((x) => x.interface === iface) ?? -1;
    if (q === undefined || idx < 0) return false;
    respond?.();
    const [mem] = q.members.splice(idx, 1);
    this.broadcast(queueMemberEvent('QueueMemberRemoved', q, mem!, this.state));
    this.state.devices.delete(`Queue:${queue}_pause_${iface}`);
    this.broadcast([['Event', 'DeviceStateChange'], ['Privilege', 'call,all'], ['Device', `Queue:${queue}_pause_${iface}`], ['State', 'NOT_INUSE']]);
    return true;
  }

  /** Pauses or unpauses a member in one queue (or all queues when `queue` is undefined), with a reason. */
  queuePause(queue: string | undefined, iface: string, paused: boolean, reason = '', respond?: () => void): boolean {
    const targets = this.state.queues.filter((q) => queue === undefined || q.name === queue).flatMap((q) => q.members.filter((m) => m.interface === iface).map((m) => [q, m] as const));
    if (targets.length === 0) return false;
    respond?.();
    const now = Math.floor(this.#now() / 1000);
    for (const [q, mem] of targets) {
      mem.paused = paused;
      mem.pausedReason = paused ? reason : '';
      mem.lastPause = now;
      this.#setDevice(`Queue:${q.name}_pause_${iface}`, paused ? 'INUSE' : 'NOT_INUSE');
      this.broadcast(queueMemberEvent('QueueMemberPause', q, mem, this.state));
    }
    return true;
  }

  /** Sets an outbound registration's status and sends the Registry event. */
  setRegistration(name: string, status: 'Registered' | 'Unregistered' | 'Rejected'): void {
    const reg = this.state.registrations.find((r) => r.name === name);
    if (reg === undefined) return;
    reg.status = status;
    // Asterisk registers with `expiration=120`; `pjsip show registrations` counts down from it.
    reg.expiresMs = status === 'Registered' ? this.#now() + 120_000 : undefined;
    this.broadcast([['Event', 'Registry'], ['Privilege', 'system,all'], ['ChannelType', 'PJSIP'], ['Username', reg.clientUri], ['Domain', reg.serverUri], ['Status', status]]);
  }

  /** Sets a mailbox's counts and sends MessageWaiting. */
  setMailbox(id: string, newMessages: number, oldMessages: number): void {
    const mb = this.state.mailboxes.find((x) => x.id === id);
    if (mb === undefined) return;
    mb.new = newMessages;
    mb.old = oldMessages;
    this.broadcast([['Event', 'MessageWaiting'], ['Privilege', 'call,all'], ['Mailbox', id], ['Waiting', newMessages > 0 ? '1' : '0'], ['New', String(newMessages)], ['Old', String(oldMessages)]]);
  }

  /** One random scenario step (register/unregister, call start/answer/end, pause/unpause). */
  randomStep(): void {
    const r = this.#random;
    const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(r() * xs.length)];
    const st = this.state;
    const phones = st.endpoints.filter((e) => e.auths !== '');
    const roll = r();
    if (roll < 0.1) {
      const ep = pick(phones);
      if (ep === undefined) return;
      if (st.contacts.some((c) => c.endpoint === ep.name)) {
        if (!st.channels.some((c) => c.endpoint === ep.name)) this.unregister(ep.name);
      } else this.register(ep.name);
    } else if (roll < 0.4) {
      const idle = phones.filter((e) => st.contacts.some((c) => c.endpoint === e.name) && !st.channels.some((c) => c.endpoint === e.name));
      const ep = pick(idle);
      if (ep === undefined) return;
      const q = st.queues.find((x) => x.members.some((m) => m.interface === `PJSIP/${ep.name}` && !m.paused));
      const trunk = pick(st.endpoints.filter((e) => e.outboundAuths !== ''));
      this.startCall({ endpoint: ep.name, queue: q?.name, trunk: trunk?.name, callerNum: String(5550000 + Math.floor(r() * 9999)), callerName: 'Customer' });
    } else if (roll < 0.6) {
      const ringing = st.channels.filter((c) => c.state === 5);
      const ch = pick(ringing);
      if (ch !== undefined) this.answerCall(ch.linkedid);
    } else if (roll < 0.85) {
      const call = pick(this.calls);
      if (call !== undefined) this.endCall(call);
    } else {
      const q = pick(st.queues);
      const mem = q === undefined ? undefined : pick(q.members);
      if (q === undefined || mem === undefined) return;
      this.queuePause(q.name, mem.interface, !mem.paused, mem.paused ? '' : (pick(['lunch', 'break', 'meeting', 'training', 'admin']) ?? 'break'));
    }
  }

  /** Runs random scenario steps until about `eventsPerSecond` events per second are sent to one session. */
  startRandomTraffic(eventsPerSecond: number, random: () => number = Math.random): void {
    this.stopRandomTraffic();
    this.#random = random;
    const tickMs = 20;
    let budget = 0;
    this.#traffic = setInterval(() => {
      budget += (eventsPerSecond * tickMs) / 1000;
      const sessions = Math.max(1, [...this.#sessions].filter((s) => s.user !== undefined && s.events).length);
      let guard = 0;
      while (budget >= 1 && guard++ < 100_000) {
        const before = this.#eventsSent;
        this.randomStep();
        budget -= Math.max(1, (this.#eventsSent - before) / sessions);
      }
    }, tickMs);
    this.#traffic.unref();
  }

  /** Stops random traffic. */
  stopRandomTraffic(): void {
    clearInterval(this.#traffic);
    this.#traffic = undefined;
  }

  /**
   * Fault injection: the next `action` (case-insensitive) is not answered (`silent`), kills the
   * connection (`drop`), or gets half of its answer and then a cut connection (`drop-mid-list`), or
   * a `Response: Error` / `Permission denied` (`error`) on a connection that stays up.
   */
  failNext(action: string, mode: 'drop-mid-list' | 'silent' | 'drop' | 'error'): void {
    this.#faults.set(action.toLowerCase(), mode);
  }

  /** Writes raw bytes (garbage, huge lines, split messages) to every logged-in session. */
  writeRaw(bytes: string | Uint8Array): void {
    for (const s of this.#sessions) if (s.user !== undefined && !s.socket.destroyed) s.socket.write(bytes);
  }

  /** Drops every AMI connection at once (as a crash or a network cut would). */
  dropConnections(): void {
    for (const s of this.#sessions) s.socket.destroy();
    this.#sessions.clear();
  }

  /**
   * Simulates an Asterisk restart: sends Shutdown, closes everything, stays down for `downMs`,
   * lets `whileDown` change the state (e.g. calls that ended meanwhile), and listens again on the same port.
   */
  async restart(options: { downMs?: number; whileDown?: (state: SimState) => void } = {}): Promise<void> {
    this.broadcast([['Event', 'Shutdown'], ['Privilege', 'system,all'], ['Shutdown', 'Cleanly'], ['Restart', 'True']]);
    await this.#close();
    options.whileDown?.(this.state);
    await new Promise((r) => setTimeout(r, options.downMs ?? 0));
    const now = this.#now();
    this.state.bootMs = now;
    this.state.reloadMs = now;
    await this.#listen();
  }

  async #close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const s of this.#sessions) s.socket.destroy();
    this.#sessions.clear();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Stops traffic, closes all sessions and the listener. */
  async stop(): Promise<void> {
    this.stopRandomTraffic();
    await this.#close();
  }
}
