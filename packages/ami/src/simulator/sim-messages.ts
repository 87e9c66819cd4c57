import type { SimChannel, SimContact, SimEndpoint, SimQueue, SimQueueMember, SimRegistration, SimState } from './sim-state.js';

/** Header lines of one message the simulator writes. */
export type SimHeaders = [string, string][];

/** `2026-11-22T07:52:12.845+0000`, the EventTV format of Asterisk security events. */
export function formatEventTv(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}+0000`;
}

/** `HH:MM:SS` for CoreShowChannel's Duration. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** Channel state number -> the text Asterisk prints (`ast_state2str`). */
export const STATE_DESC: Record<number, string> = { 0: 'Down', 4: 'Ring', 5: 'Ringing', 6: 'Up' };
/** Device state -> numeric state of QueueMember events (ast_device_state). */
export const DEVICE_NUMBER: Record<string, number> = { UNKNOWN: 0, NOT_INUSE: 1, INUSE: 2, BUSY: 3, INVALID: 4, UNAVAILABLE: 5, RINGING: 6, RINGINUSE: 7, ONHOLD: 8 };
/** Device state -> the text PJSIPShowEndpoints and the CLI print. */
export const DEVICE_TEXT: Record<string, string> = {
  UNKNOWN: 'Unknown', NOT_INUSE: 'Not in use', INUSE: 'In use', BUSY: 'Busy', INVALID: 'Invalid', UNAVAILABLE: 'Unavailable', RINGING: 'Ringing', RINGINUSE: 'Ring+Inuse', ONHOLD: 'On Hold',
};
/** Device state -> [ExtensionStatus Status, StatusText]. */
export const EXTENSION_STATUS: Record<string, readonly [number, string]> = {
  NOT_INUSE: [0, 'Idle'], INUSE: [1, 'InUse'], BUSY: [2, 'Busy'], UNAVAILABLE: [4, 'Unavailable'], INVALID: [4, 'Unavailable'], UNKNOWN: [4, 'Unavailable'],
  RINGING: [8, 'Ringing'], RINGINUSE: [9, 'InUse&Ringing'], ONHOLD: [16, 'Hold'],
};

/** The channel block shared by Newchannel, Newstate, Hangup, ... (`Channel` .. `Linkedid`). */
export function channelBlock(ch: SimChannel): SimHeaders {
  return [
    ['Channel', ch.name], ['ChannelState', String(ch.state)], ['ChannelStateDesc', STATE_DESC[ch.state] ?? 'Unknown'],
    ['CallerIDNum', ch.callerIdNum], ['CallerIDName', ch.callerIdName], ['ConnectedLineNum', ch.connectedNum], ['ConnectedLineName', ch.connectedName],
    ['Language', 'en'], ['AccountCode', ''], ['Context', ch.context], ['Exten', ch.exten], ['Priority', String(ch.priority)],
    ['Uniqueid', ch.uniqueid], ['Linkedid', ch.linkedid],
  ];
}

/** `EndpointList` item. */
export function endpointListItem(ep: SimEndpoint, state: SimState, actionId: string): SimHeaders {
  const contacts = state.contacts.filter((c) => c.aor === ep.name).map((c) => `${c.aor}/${c.uri},`).join('');
  const device = state.devices.get(`PJSIP/${ep.name}`) ?? 'UNKNOWN';
  const active = state.channels.filter((c) => c.endpoint === ep.name).length;
  return [
    ['Event', 'EndpointList'], ['ActionID', actionId], ['ObjectType', 'endpoint'], ['ObjectName', ep.name], ['Transport', ''], ['Aor', ep.name],
    ['Auths', ep.auths], ['OutboundAuths', ep.outboundAuths], ['Contacts', contacts], ['DeviceState', DEVICE_TEXT[device] ?? 'Unknown'], ['ActiveChannels', String(active)],
  ];
}

/** `ContactList` item (field order as Asterisk 22 writes it). */
export function contactListItem(c: SimContact, qualifyFrequency: number, actionId: string): SimHeaders {
  return [
    ['Event', 'ContactList'], ['ActionID', actionId], ['ObjectType', 'contact'], ['ObjectName', `${c.aor};@${c.hash}`], ['ViaAddr', c.viaAddr],
    ['QualifyTimeout', '3.000000'], ['Qualify2xxOnly', 'false'], ['CallId', c.callId], ['RegServer', ''], ['PruneOnBoot', 'no'], ['Path', ''],
    ['Endpoint', c.endpoint], ['ViaPort', String(c.viaPort)], ['AuthenticateQualify', 'no'], ['Uri', c.uri], ['QualifyFrequency', String(qualifyFrequency)],
    ['UserAgent', c.userAgent], ['ExpirationTime', String(c.expirationTime)], ['OutboundProxy', ''], ['Status', c.status],
    ['RoundtripUsec', c.status === 'NonQualified' ? 'N/A' : String(c.roundtripUsec)],
  ];
}

/** `AuthDetail` item. */
export function authDetail(name: string, username: string, password: string, actionId: string, endpointName?: string): SimHeaders {
  const out: SimHeaders = [
    ['Event', 'AuthDetail'], ['ActionID', actionId], ['ObjectType', 'auth'], ['ObjectName', name], ['OauthSecret', ''], ['PasswordDigest', ''],
    ['SupportedAlgorithmsUas', 'MD5'], ['RefreshToken', ''], ['Username', username], ['Md5Cred', ''], ['Realm', ''], ['AuthType', 'userpass'],
    ['Password', password], ['SupportedAlgorithmsUac', 'MD5'], ['NonceLifetime', '32'], ['OauthClientid', ''],
  ];
  if (endpointName !== undefined) out.push(['EndpointName', endpointName]);
  return out;
}

/** `OutboundRegistrationDetail` item. */
export function registrationDetail(r: SimRegistration, actionId: string): SimHeaders {
  return [
    ['Event', 'OutboundRegistrationDetail'], ['ActionID', actionId], ['ObjectType', 'registration'], ['ObjectName', r.name], ['MaxRetries', '10'],
    ['ClientUri', r.clientUri], ['SecurityNegotiation', 'no'], ['AuthRejectionPermanent', 'true'], ['ServerUri', r.serverUri], ['MaxRandomInitialDelay', '10'],
    ['SupportPath', 'false'], ['RetryInterval', '10'], ['ContactHeaderParams', ''], ['Expiration', '120'], ['Transport', 'transport-udp'], ['Line', 'false'],
    ['ContactUser', r.contactUser], ['Endpoint', ''], ['UserAgent', ''], ['ForbiddenRetryInterval', '0'], ['OutboundAuth', r.outboundAuth], ['OutboundProxy', ''],
    ['FatalRetryInterval', '0'], ['SupportOutbound', 'no'], ['Status', r.status], ['NextReg', '0'],
  ];
}

/** The AOR fields shared by `AorList` and `AorDetail`. */
export function aorFields(ep: SimEndpoint, state: SimState): SimHeaders {
  const contacts = state.contacts.filter((c) => c.aor === ep.name);
  return [
    ['MinimumExpiration', '60'], ['DefaultExpiration', '3600'], ['QualifyTimeout', '3.000000'], ['Qualify2xxOnly', 'false'], ['Mailboxes', ''],
    ['SupportPath', 'false'], ['RemoveUnavailable', 'false'], ['VoicemailExtension', ''], ['MaxContacts', String(ep.maxContacts)],
    ['AuthenticateQualify', 'false'], ['Contacts', contacts.map((c) => `${c.aor}/${c.uri}`).join(',')], ['MaximumExpiration', '7200'],
    ['QualifyFrequency', String(ep.qualifyFrequency)], ['RemoveExisting', String(ep.removeExisting)], ['OutboundProxy', ''],
  ];
}

/** `QueueParams` item (ActionID last, as Asterisk writes it). */
export function queueParams(q: SimQueue, state: SimState, actionId: string): SimHeaders {
  return [
    ['Event', 'QueueParams'], ['Queue', q.name], ['Max', '0'], ['Strategy', q.strategy], ['Calls', String(q.callers)], ['Holdtime', '0'], ['TalkTime', '0'],
    ['Completed', String(q.completed)], ['Abandoned', String(q.abandoned)], ['ServiceLevel', '0'], ['ServicelevelPerf', '0.0'], ['ServicelevelPerf2', '0.0'],
    ['Weight', '0'], ['ActionID', actionId],
  ];
}

/** Numeric device state of a member's interface. */
export function memberStatus(m: SimQueueMember, state: SimState): number {
  return DEVICE_NUMBER[state.devices.get(m.interface) ?? 'UNKNOWN'] ?? 0;
}

/** `QueueMember` item. */
export function queueMemberItem(q: SimQueue, m: SimQueueMember, state: SimState, actionId: string): SimHeaders {
  return [
    ['Event', 'QueueMember'], ['Queue', q.name], ['Name', m.name], ['Location', m.interface], ['StateInterface', m.interface], ['Membership', m.membership],
    ['Penalty', String(m.penalty)], ['CallsTaken', String(m.callsTaken)], ['LastCall', String(m.lastCall)], ['LastPause', String(m.lastPause)],
    ['LoginTime', String(m.loginTime)], ['InCall', String(m.inCall)], ['Status', String(memberStatus(m, state))], ['Paused', m.paused ? '1' : '0'],
    ['PausedReason', m.pausedReason], ['Wrapuptime', String(m.wrapuptime)], ['ActionID', actionId],
  ];
}

/** `QueueMemberAdded` / `QueueMemberPause` / `QueueMemberRemoved` / `QueueMemberStatus` event. */
export function queueMemberEvent(event: string, q: SimQueue, m: SimQueueMember, state: SimState): SimHeaders {
  return [
    ['Event', event], ['Privilege', 'agent,all'], ['Queue', q.name], ['MemberName', m.name], ['Interface', m.interface], ['StateInterface', m.interface],
    ['Membership', m.membership], ['Penalty', String(m.penalty)], ['CallsTaken', String(m.callsTaken)], ['LastCall', String(m.lastCall)],
    ['LastPause', String(m.lastPause)], ['LoginTime', String(m.loginTime)], ['InCall', String(m.inCall)], ['Status', String(memberStatus(m, state))],
    ['Paused', m.paused ? '1' : '0'], ['PausedReason', m.pausedReason], ['Ringinuse', '1'], ['Wrapuptime', String(m.wrapuptime)],
  ];
}

/** `QueueSummary` item. */
export function queueSummaryItem(q: SimQueue, state: SimState, actionId: string): SimHeaders {
  const loggedIn = q.members.filter((m) => { const s = memberStatus(m, state); return s !== 5 && s !== 4; }).length;
  const available = q.members.filter((m) => memberStatus(m, state) === 1 && !m.paused).length;
  return [
    ['Event', 'QueueSummary'], ['Queue', q.name], ['LoggedIn', String(loggedIn)], ['Available', String(available)], ['Callers', String(q.callers)],
    ['HoldTime', '0'], ['TalkTime', '0'], ['LongestHoldTime', '0'], ['ActionID', actionId],
  ];
}

/** `CoreShowChannel` item. */
export function coreShowChannel(ch: SimChannel, nowMs: number, actionId: string): SimHeaders {
  const block = channelBlock(ch);
  return [
    ['Event', 'CoreShowChannel'], ['ActionID', actionId], ...block, ['Application', ch.application], ['ApplicationData', ch.data],
    ['Duration', formatDuration((nowMs - ch.createdMs) / 1000)], ['BridgeId', ''],
  ];
}

/** `Status` item (Privilege `Call`, ActionID last). */
export function statusItem(ch: SimChannel, nowMs: number, actionId: string): SimHeaders {
  return [
    ['Event', 'Status'], ['Privilege', 'Call'], ...channelBlock(ch), ['Type', ch.name.split('/')[0] ?? ''], ['DNID', ''],
    ['EffectiveConnectedLineNum', ch.connectedNum], ['EffectiveConnectedLineName', ch.connectedName], ['TimeToHangup', '0'], ['BridgeID', ''],
    ['Application', ch.application], ['Data', ch.data], ['Nativeformats', '(slin)'], ['Readformat', 'slin'], ['Readtrans', ''], ['Writeformat', 'slin'],
    ['Writetrans', ''], ['Callgroup', '0'], ['Pickupgroup', '0'], ['Seconds', String(Math.floor((nowMs - ch.createdMs) / 1000))], ['ActionID', actionId],
  ];
}
