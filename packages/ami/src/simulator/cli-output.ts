import { compilePattern, matchesPattern } from '@acm/core';
import { DEVICE_TEXT, STATE_DESC, formatDuration } from './sim-messages.js';
import type { SimContact, SimEndpoint, SimRegistration, SimState } from './sim-state.js';

/** What a CLI command printed (one string per line, no newlines) and whether it succeeded (AMI `Response: Success`/`Error`). */
export interface CliResult {
  readonly ok: boolean;
  readonly lines: readonly string[];
}

// The layouts below are those of Asterisk 22.10.1 as captured in ../shared/reference/ami-captures
// (A-13..A-17, A-52, A-55 and cli-*.txt). C's `%-*.*s` (cut, then pad) is `cut`.

/** `%-w.ws`: cut to `w` characters, then pad with spaces to `w`. */
function cut(s: string, w: number): string {
  return s.slice(0, Math.max(0, w)).padEnd(w);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `core show uptime` style duration: `2 minutes, 3 seconds`. */
export function formatUptime(seconds: number): string {
  let s = Math.max(0, Math.floor(seconds));
  const parts: string[] = [];
  for (const [unit, size] of [['year', 31536000], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60]] as const) {
    if (s >= size) {
      parts.push(plural(Math.floor(s / size), unit));
      s %= size;
    }
  }
  if (s > 0 || parts.length === 0) parts.push(plural(s, 'second'));
  return parts.join(', ');
}

// ---- pjsip show endpoints | contacts | registrations ------------------------------------------

/**
 * res_pjsip's CLI geometry: a title is right-aligned to `9 + 2 * level` columns, the flexible
 * column ends at tab stop 62 (so `Endpoint:  <51 chars>  <State 12>  <Channels>` puts the state
 * at column 65, as in A-13).
 */
const LAST_TABSTOP = 62;
const indentOf = (level: number): number => level * 2 + 9;
const title = (name: string, level: number): string => name.padStart(indentOf(level));
const RULE = '='.repeat(90);

const ENDPOINTS_HEADER = [
  ' Endpoint:  <Endpoint/CID.....................................>  <State.....>  <Channels.>',
  '    I/OAuth:  <AuthId/UserName...........................................................>',
  '        Aor:  <Aor............................................>  <MaxContact>',
  '      Contact:  <Aor/ContactUri..........................> <Hash....> <Status> <RTT(ms)..>',
  '  Transport:  <TransportId........>  <Type>  <cos>  <tos>  <BindAddress..................>',
  '   Identify:  <Identify/Endpoint.........................................................>',
  '        Match:  <criteria.........................>',
  '    Channel:  <ChannelId......................................>  <State.....>  <Time.....>',
  '        Exten: <DialedExten...........>  CLCID: <ConnectedLineCID.......>',
];
const CONTACTS_HEADER = ['  Contact:  <Aor/ContactUri..............................> <Hash....> <Status> <RTT(ms)..>'];
const REGISTRATIONS_HEADER = [' <Registration/ServerURI..............................>  <Auth....................>  <Status.......>'];

/** The short contact status label (`ast_sip_get_contact_short_status_label`). */
const CONTACT_SHORT: Record<SimContact['status'], string> = { Reachable: 'Avail', Unreachable: 'Unavail', NonQualified: 'NonQual' };

/** A listing: blank line, header, rule, blank line, the bodies, blank line, `Objects found: N`, blank line. */
function listing(header: readonly string[], bodies: readonly string[], count: number): string[] {
  if (count === 0) return ['No objects found.', ''];
  return ['', ...header, RULE, '', ...bodies, '', `Objects found: ${count}`, ''];
}

/** Contacts sorted as res_pjsip's CLI container sorts them: by object id `aor;@hash`. */
function sortedContacts(contacts: readonly SimContact[]): SimContact[] {
  const id = (c: SimContact): string => `${c.aor};@${c.hash}`;
  return [...contacts].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

/** One contact line: `Contact:  aor/uri  hash(10) status(7) rtt(%11.3f, nan unless Avail)`. */
function contactLine(c: SimContact, level: number): string {
  const flex = LAST_TABSTOP - indentOf(level) - 9 - c.aor.length + 1;
  const rtt = c.status === 'Reachable' ? (c.roundtripUsec / 1000).toFixed(3) : 'nan';
  return `${title('Contact', level)}:  ${c.aor}/${cut(c.uri, flex)} ${cut(c.hash, 10)} ${cut(CONTACT_SHORT[c.status], 7)} ${rtt.padStart(11)}`;
}

function byName<T extends { readonly name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The caller id number of `"Alice" <6001>`, or undefined. */
function calleridNumber(callerid: string): string | undefined {
  const m = /<([^>]*)>\s*$/.exec(callerid);
  return m?.[1] !== undefined && m[1] !== '' ? m[1] : undefined;
}

function endpointBody(ep: SimEndpoint, state: SimState, nowMs: number): string[] {
  const number = calleridNumber(ep.callerid);
  const channels = state.channels.filter((c) => c.endpoint === ep.name);
  const device = DEVICE_TEXT[state.devices.get(`PJSIP/${ep.name}`) ?? 'UNKNOWN'] ?? 'Unknown';
  // `%d of %.0f`: devicestate_busy_at is 0 (unlimited), printed as INFINITY.
  const out = [`${title('Endpoint', 0)}:  ${cut(number === undefined ? ep.name : `${ep.name}/${number}`, LAST_TABSTOP - indentOf(0) - 2)}  ${cut(device, 12)}  ${channels.length} of inf`];
  const names = (list: string): string[] => list.split(',').map((x) => x.trim()).filter((x) => x !== '');
  // Inbound auths use their own name as user name (as in A-21); an outbound auth's user name is its registration's.
  for (const a of names(ep.auths)) out.push(`${title('InAuth', 1)}:  ${a}/${a}`);
  for (const a of names(ep.outboundAuths)) out.push(`${title('OutAuth', 1)}:  ${a}/${state.registrations.find((r) => r.outboundAuth === a)?.username ?? a}`);
  const aor = ep.aor ?? ep.name;
  if (aor !== '') {
    out.push(`${title('Aor', 1)}:  ${cut(aor, LAST_TABSTOP - indentOf(1) - 2)}  ${ep.maxContacts}`);
    for (const c of sortedContacts(state.contacts.filter((x) => x.aor === aor))) out.push(contactLine(c, 2));
  }
  if (ep.identify !== undefined) {
    out.push(`${title('Identify', 1)}:  ${ep.identify.name}/${ep.name}`);
    for (const m of ep.identify.match) out.push(`${title('Match', 2)}: ${m}`);
  }
  // Channel rows do not occur in the captures (their calls were Local channels); the columns follow the header above.
  for (const ch of channels) {
    out.push(`${title('Channel', 1)}: ${cut(ch.name, LAST_TABSTOP - indentOf(1))} ${cut(STATE_DESC[ch.state] ?? 'Unknown', 12)}  ${cut(formatDuration((nowMs - ch.createdMs) / 1000), 11)}`);
    out.push(`${title('Exten', 2)}: ${cut(ch.exten, LAST_TABSTOP - indentOf(2) - 25)}  CLCID: "${ch.connectedName}" <${ch.connectedNum}>`);
  }
  out.push('');
  return out;
}

/**
 * The registration line: `id/server_uri` (54), auth (26), status (16), then ` (exp. Ns)` while
 * registered (A-14; Asterisk counts down to the expiry and refreshes every `expiration`=120 s).
 */
function registrationLine(r: SimRegistration, nowMs: number): string {
  let exp = '';
  if (r.status === 'Registered' && r.expiresMs !== undefined) {
    let secs = Math.floor(r.expiresMs / 1000) - Math.floor(nowMs / 1000);
    if (secs <= 0) secs = ((secs % 120) + 120) % 120 || 120;
    exp = ` (exp. ${secs}s)`;
  }
  return ` ${cut(`${r.name}/${r.serverUri}`, 54)}  ${cut(r.outboundAuth, 26)}  ${r.status.padEnd(16)} ${exp}`;
}

// ---- dialplan show ---------------------------------------------------------------------------

/** `ast_extension_match(pattern, exten)`: core's Asterisk pattern engine, with `-` ignored in both. */
export function extensionMatches(pattern: string, exten: string): boolean {
  return matchesPattern(compilePattern(pattern).pattern, exten.replace(/[- ]/g, ''));
}

/** `dialplan show [[exten@]context]`, as pbx.c prints it (A-17). */
function dialplanShow(arg: string | undefined, state: SimState): CliResult {
  let exten: string | undefined;
  let context: string | undefined = arg;
  if (arg !== undefined && arg.includes('@')) {
    const at = arg.indexOf('@');
    exten = arg.slice(0, at);
    context = arg.slice(at + 1) || undefined;
  }
  const contexts = state.dialplanContexts ?? state.contexts.map((name) => ({ name, registrar: 'pbx_config', extensions: [] }));
  const selected = contexts.filter((c) => context === undefined || c.name === context);
  if (context !== undefined && selected.length === 0) return { ok: false, lines: [`There is no existence of '${context}' context`] };
  const out: string[] = [];
  let nExten = 0;
  let nPrio = 0;
  let nContext = 0;
  for (const c of selected) {
    const exts = c.extensions.filter((e) => exten === undefined || extensionMatches(e.name, exten));
    if (exten !== undefined && exts.length === 0) continue;
    nContext++;
    out.push(`[ Context '${c.name}' created by '${c.registrar}' ]`);
    for (const e of exts) {
      nExten++;
      e.priorities.forEach((p, i) => {
        nPrio++;
        const text = p.priority === 'hint' ? `hint: ${p.app}` : `${p.priority}. ${p.app}(${p.data})`;
        out.push(`  ${(i === 0 ? `'${e.name}' =>` : '').padEnd(17)} ${text.padEnd(45)} [${p.source}]`);
      });
    }
    out.push('');
  }
  if (exten !== undefined && nExten === 0) {
    return { ok: false, lines: [context === undefined ? `There is no existence of '${exten}' extension in all contexts` : `There is no existence of ${exten}@${context} extension`] };
  }
  const word = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  out.push(`-= ${word(nExten, 'extension', 'extensions')} (${word(nPrio, 'priority', 'priorities')}) in ${word(nContext, 'context', 'contexts')}. =-`);
  return { ok: true, lines: out };
}

// ---- core show channels ----------------------------------------------------------------------

function coreShowChannels(mode: 'plain' | 'concise' | 'verbose', state: SimState, nowMs: number): string[] {
  const seconds = (ms: number): number => Math.floor((nowMs - ms) / 1000);
  if (mode === 'concise') {
    // name!context!exten!prio!state!app!data!callerid!accountcode!peeraccount!amaflags!duration!bridgeid!uniqueid
    return state.channels.map((c) => [c.name, c.context, c.exten, c.priority, STATE_DESC[c.state] ?? 'Unknown', c.application, c.data, c.callerIdNum, '', '', 3, seconds(c.createdMs), '', c.uniqueid].join('!'));
  }
  const calls = new Set(state.channels.map((c) => c.linkedid)).size;
  const footer = [plural(state.channels.length, 'active channel'), plural(calls, 'active call'), `${plural(state.processedCalls, 'call')} processed`];
  if (mode === 'verbose') {
    const row = (v: readonly string[]): string =>
      `${cut(v[0]!, 80)} ${cut(v[1]!, 24)} ${cut(v[2]!, 24)} ${v[3]!.padStart(4)} ${cut(v[4]!, 7)} ${cut(v[5]!, 12)} ${cut(v[6]!, 25)} ${cut(v[7]!, 15)} ${cut(v[8]!, 8)} ${cut(v[9]!, 11)} ${cut(v[10]!, 11)} ${cut(v[11]!, 20)}`;
    return [
      row(['Channel', 'Context', 'Extension', 'Prio', 'State', 'Application', 'Data', 'CallerID', 'Duration', 'Accountcode', 'PeerAccount', 'BridgeID']),
      ...state.channels.map((c) => row([c.name, c.context, c.exten, String(c.priority), STATE_DESC[c.state] ?? 'Unknown', c.application, c.data, c.callerIdNum, formatDuration(seconds(c.createdMs)), '', '', ''])),
      ...footer,
    ];
  }
  const row = (a: string, b: string, c: string, d: string): string => `${cut(a, 64)} ${cut(b, 32)} ${cut(c, 7)} ${cut(d, 30)}`;
  return [
    row('Channel', 'Location', 'State', 'Application(Data)'),
    ...state.channels.map((c) => row(c.name, `${c.exten}@${c.context}:${c.priority}`, STATE_DESC[c.state] ?? 'Unknown', `${c.application}(${c.data})`)),
    ...footer,
  ];
}

// ---- queue show ------------------------------------------------------------------------------

function queueShow(wanted: string | undefined, state: SimState, nowMs: number): string[] {
  const queues = state.queues.filter((q) => wanted === undefined || q.name === wanted);
  if (queues.length === 0) return [`No such queue: ${wanted}.`];
  const now = Math.floor(nowMs / 1000);
  const out: string[] = [];
  for (const q of queues) {
    out.push(`${q.name} has ${q.callers} calls (max unlimited) in '${q.strategy}' strategy (0s holdtime, 0s talktime), W:0, C:${q.completed}, A:${q.abandoned}, SL:0.0%, SL2:0.0% within 0s`);
    out.push('   Members: ');
    for (const m of q.members) {
      const dyn = m.membership === 'dynamic' ? ' (dynamic)' : '';
      const paused = m.paused ? ` (paused${m.pausedReason ? `:${m.pausedReason}` : ''} was ${now - m.lastPause} secs ago)` : '';
      const device = DEVICE_TEXT[state.devices.get(m.interface) ?? 'UNKNOWN'] ?? 'Unknown';
      const taken = m.callsTaken === 0 ? 'has taken no calls yet' : `has taken ${m.callsTaken} calls (last was ${now - m.lastCall} secs ago)`;
      out.push(`      ${m.name} (${m.interface}) (ringinuse enabled)${dyn}${paused} (${device}) ${taken} (login was ${now - m.loginTime} secs ago)`);
    }
    out.push('   No Callers', '');
  }
  return out;
}

// ---- dispatch --------------------------------------------------------------------------------

/**
 * Runs a CLI command against the simulated state: `core show uptime|version`, `core show channels
 * [concise|verbose]`, `queue show [q]`, `pjsip show endpoints|contacts|registrations`, `dialplan
 * show [[exten@]context]`. Anything else gives Asterisk's `No such command` error (A-18).
 */
export function cliCommand(command: string, state: SimState, nowMs: number): CliResult {
  const words = command.trim().split(/\s+/);
  const cmd = words.join(' ').toLowerCase();
  const ok = (lines: string[]): CliResult => ({ ok: true, lines });
  if (cmd === 'core show uptime') {
    return ok([`System uptime: ${formatUptime((nowMs - state.bootMs) / 1000)}`, `Last reload: ${formatUptime((nowMs - state.reloadMs) / 1000)}`]);
  }
  if (cmd === 'core show channels') return ok(coreShowChannels('plain', state, nowMs));
  if (cmd === 'core show channels concise') return ok(coreShowChannels('concise', state, nowMs));
  if (cmd === 'core show channels verbose') return ok(coreShowChannels('verbose', state, nowMs));
  if (cmd === 'core show version') return ok(['Asterisk 22.10.1 built by ACM simulator']);
  if (words.length <= 3 && words[0]?.toLowerCase() === 'queue' && words[1]?.toLowerCase() === 'show') return ok(queueShow(words[2], state, nowMs));
  if (cmd === 'pjsip show endpoints') {
    const eps = byName(state.endpoints);
    return ok(listing(ENDPOINTS_HEADER, eps.flatMap((ep) => endpointBody(ep, state, nowMs)), eps.length));
  }
  if (cmd === 'pjsip show contacts') {
    const contacts = sortedContacts(state.contacts);
    return ok(listing(CONTACTS_HEADER, contacts.map((c) => contactLine(c, 0)), contacts.length));
  }
  if (cmd === 'pjsip show registrations') {
    const regs = byName(state.registrations);
    return ok(listing(REGISTRATIONS_HEADER, regs.map((r) => registrationLine(r, nowMs)), regs.length));
  }
  if (words.length <= 3 && words[0]?.toLowerCase() === 'dialplan' && words[1]?.toLowerCase() === 'show') return dialplanShow(words[2], state);
  const text = `No such command '${command}' (type 'core show help ${words.slice(0, -1).join(' ')}' for other possible commands)`;
  return { ok: false, lines: [text] };
}
