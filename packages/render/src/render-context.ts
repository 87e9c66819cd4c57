import {
  DEFAULT_FEATURE_CODES, PARKING_SLOTS, businessHoursKind, extensionResolver, gotoIfTimeSpecs, trunksServing, musicOnHoldClasses, naturalCompare, patternToRegex,
  type BusinessHoursRule, type Cluster, type Diagnostic, type EffectiveExtension, type Enterprise, type ModelPath, type Extension, type FeatureCodes, type Group, type Server, type Site, type Trunk,
} from '@acm/core';
import { DialplanBuilder, type DialplanContext, type SkippedExten } from './dialplan-builder.js';
import { indexEnterprise, type EnterpriseIndex } from './enterprise-index.js';
import { compareNumbers } from './number-blocks.js';
import { RenderReport } from './render-report.js';
import type { SecretResolver } from './secret-resolver.js';

/** The res_parking lot the parking codes use: Asterisk's `default`, configured with the model's spaces. */
const PARKING_LOT = 'default';

/** Voicemail context every box lives in (`6101@default`). */
export const VOICEMAIL_CONTEXT = 'default';

/** A pjsip transport of the cluster. */
export interface TransportView { readonly name: string; readonly protocol: 'udp' | 'tcp' | 'tls'; readonly bind: string; readonly tls: boolean }

/** A phone (extension or hot desk): its endpoint, auth and aor. */
export interface PhoneView {
  readonly name: string;
  readonly comment: string;
  readonly context: string;
  readonly codecs: string;
  readonly callerid: string;
  readonly username: string;
  readonly password: string;
  readonly mailboxes: string;
  readonly dtmfMode: string;
  readonly language: string;
  readonly callGroup: string;
  readonly pickupGroup: string;
  readonly acl: string;
  readonly nat: boolean;
  readonly directMedia: boolean;
  readonly transport: string;
  readonly encryption: boolean;
  readonly accountcode: string;
  readonly busyAt: number;
  readonly setVars: readonly string[];
  readonly maxContacts: number;
  readonly qualifyFrequency: number;
}

/** A SIP trunk: endpoint, optional auth and registration, aor with qualify, identify. */
export interface SipTrunkView {
  readonly name: string;
  readonly comment: string;
  readonly context: string;
  readonly codecs: string;
  readonly auth: { readonly name: string; readonly username: string; readonly password: string } | null;
  readonly register: boolean;
  /** The trunk's SIP URI as written in `pjsip.conf` (a URI parameter's `;` escaped as `\\;`). */
  readonly serverUri: string;
  readonly clientUri: string;
  readonly transport: string;
  readonly encryption: boolean;
  readonly acl: string;
  readonly accountcode: string;
  readonly callerid: string;
  readonly qualifyFrequency: number;
  /** The identify section's `match`; empty when the trunk is identified by its registration's `line` instead. */
  readonly match: string;
}

/** A voicemail box line of `voicemail.conf`. */
export interface BoxView { readonly box: string; readonly pin: string; readonly name: string; readonly email: string; readonly options: string }
/** A queue of `queues.conf`. */
export interface QueueView {
  readonly name: string; readonly strategy: string; readonly timeout: number; readonly retry: number; readonly wrapuptime: number;
  readonly maxlen: number; readonly musicclass: string; readonly announceFrequency: number; readonly joinempty: string;
  readonly members: readonly { readonly iface: string; readonly penalty: number; readonly name: string }[];
}
/** An IAX2 peer (inter-site trunk). */
export interface IaxPeerView { readonly name: string; readonly host: string; readonly username: string; readonly secret: string; readonly context: string; readonly acl: string; readonly encryption: boolean; readonly codecs: readonly string[]; readonly comment: string }
/** A PRI span of `chan_dahdi.conf`: its B channels, signalling, group (the span number) and context. */
export interface PriSpanView { readonly comment: string; readonly signalling: string; readonly switchtype: string; readonly context: string; readonly group: number; readonly channels: string }
/** A DUNDi peer: another cluster of the enterprise. */
export interface DundiPeerView { readonly eid: string; readonly host: string; readonly cluster: string; readonly inkey: string; readonly outkey: string }
/** A named ACL of `acl.conf`. */
export interface AclView { readonly name: string; readonly comment: string; readonly deny: readonly string[]; readonly permit: readonly string[] }
/** A ConfBridge conference: its bridge and user profiles. */
export interface ConferenceView { readonly number: string; readonly comment: string; readonly bridge: string; readonly user: string; readonly maxMembers: number; readonly record: boolean; readonly videoMode: string; readonly pin: string }
/** The parking lot of `res_parking.conf`: Asterisk's `default` lot, with the model's spaces. */
export interface ParkingLotView { readonly name: string; readonly parkext: string; readonly parkpos: string }
/** A music-on-hold class of `musiconhold.conf`. */
export interface MusicClassView { readonly name: string; readonly comment: string; readonly mode: 'files'; readonly directory: string; readonly sort: string }
/** Options of pjsip's `[global]` section that depend on the cluster's size. */
export interface PjsipGlobalView {
  /** Phones and SIP trunks of the cluster (pjsip endpoints). */
  readonly endpoints: number;
  /** True above {@link LARGE_SERVER_ENDPOINTS}: no initial unsolicited MWI storm, larger MWI taskprocessor queue. */
  readonly large: boolean;
  readonly mwiTpsQueueHigh: number;
  readonly mwiTpsQueueLow: number;
}

/**
 * pjsip endpoints per server above which `pjsip.conf` turns off the unsolicited MWI sent to every
 * endpoint at start (`mwi_disable_initial_unsolicited`: MWI then follows each phone's registration)
 * and raises the MWI taskprocessor alert level (500 by default, reached at boot by a few thousand).
 */
export const LARGE_SERVER_ENDPOINTS = 1000;

/** The AMI account of the status poller on one server. */
export interface ManagerView { readonly bindaddr: string; readonly port: number; readonly username: string; readonly secret: string; readonly permit: readonly string[]; readonly read: string; readonly write: string }

/** Options that shape the render context. */
export interface ContextOptions {
  /** Networks the poller's AMI user may connect from (`a.b.c.d/mask`); default localhost and the cluster's web VIP. */
  readonly amiPermit?: readonly string[];
  /** TLS certificate and key of the pjsip tls transport. */
  readonly tlsCertFile?: string;
  readonly tlsKeyFile?: string;
}

/**
 * Everything templates see when rendering one server of one cluster. Plain data; secrets are
 * resolved (never print a context). Scripts may read it and add their own files.
 */
export interface RenderContext {
  readonly enterprise: Enterprise;
  readonly site: Site;
  readonly cluster: Cluster;
  readonly server: Server;
  readonly features: Required<FeatureCodes>;
  readonly voicemailContext: string;
  readonly transports: readonly TransportView[];
  readonly tls: { readonly certFile: string; readonly keyFile: string };
  readonly phones: readonly PhoneView[];
  readonly sipTrunks: readonly SipTrunkView[];
  readonly contexts: readonly DialplanContext[];
  readonly boxes: readonly BoxView[];
  readonly queues: readonly QueueView[];
  readonly iaxPeers: readonly IaxPeerView[];
  /** PRI trunks, one DAHDI span each (`chan_dahdi.conf` is rendered only when there is one). */
  readonly priSpans: readonly PriSpanView[];
  readonly dundiPeers: readonly DundiPeerView[];
  /** Name of this cluster's DUNDi key pair without `acm-` (the EID without colons). */
  readonly dundiKey: string;
  readonly acls: readonly AclView[];
  readonly conferences: readonly ConferenceView[];
  /** The parking lot (`res_parking.conf`); its `parkpos` is empty when the parking code is not numeric. */
  readonly parkingLot: ParkingLotView;
  /** Music-on-hold classes (`musiconhold.conf`): the model's, and `default` when it declares none. */
  readonly musicClasses: readonly MusicClassView[];
  readonly pjsipGlobal: PjsipGlobalView;
  readonly manager: ManagerView | null;
  /** Duplicate extensions the dialplan left out (the number-space checks report them). */
  readonly skipped: readonly SkippedExten[];
  /** Whatever a script's `extend` hook added. */
  readonly extra: Readonly<Record<string, unknown>>;
}

const byNumber = <T extends { number: string }>(a: T, b: T): number => compareNumbers(a.number, b.number);
const byId = <T extends { id: string }>(a: T, b: T): number => naturalCompare(a.id, b.id);

/** Quotes a string for an Asterisk `$[...]` expression. */
const q = (s: string): string => `"${s.replace(/"/g, '')}"`;
const clean = (s: unknown): string => String(s).replace(/[\r\n;]/g, ' ').trim();

function dialTarget(trunk: Trunk, strip: number): string {
  const num = strip > 0 ? `\${EXTEN:${strip}}` : '${EXTEN}';
  if (trunk.protocol === 'SIP') return `PJSIP/${num}@${trunk.id}`;
  if (trunk.protocol === 'IAX') return `IAX2/${trunk.id}/${num}`;
  return `DAHDI/g${trunk.span ?? 1}/${num}`;
}

/**
 * GotoIfTime arguments (`times,weekdays,mdays,months,tz`) for a rule: core's {@link gotoIfTimeSpecs}
 * (kept here for existing callers).
 * @deprecated Use `gotoIfTimeSpecs` from `@acm/core`.
 */
export const timeSpecs: (rule: BusinessHoursRule, timezone: string) => string[] = gotoIfTimeSpecs;

/** A {@link RenderContext}, or (when the server's files cannot be rendered correctly) none, and why. */
export interface RenderContextResult {
  readonly context: RenderContext | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Builds the {@link RenderContext} of one server. Problems (no such cluster or server, an unknown
 * site, a secret that cannot be resolved) are returned as diagnostics, and then there is no context.
 */
export function buildRenderContext(enterprise: Enterprise, clusterId: string, serverId: string, secrets: SecretResolver, options: ContextOptions = {}, extra: Record<string, unknown> = {}): RenderContextResult {
  const report = new RenderReport(enterprise, secrets);
  const ci = enterprise.clusters.findIndex((c) => c.id === clusterId);
  const cluster = enterprise.clusters[ci];
  if (!cluster) {
    report.add('render.unknown-cluster', ['clusters'], { cluster: clusterId });
    return { context: undefined, diagnostics: report.diagnostics };
  }
  const si = cluster.servers.findIndex((s) => s.id === serverId);
  const server = cluster.servers[si];
  if (!server) report.add('render.unknown-server', ['clusters', ci, 'servers'], { cluster: clusterId, server: serverId });
  const site = enterprise.sites.find((s) => s.id === cluster.site);
  if (!site) report.add('ref.unknown', ['clusters', ci, 'site'], { kind: 'site', value: cluster.site });
  if (!server || !site) return { context: undefined, diagnostics: report.diagnostics };
  const parts = clusterParts(enterprise, cluster, site, report, options);
  const manager = managerView(cluster, server, report, ['clusters', ci, 'servers', si, 'ami', 'secret'], options);
  return { context: report.problems > 0 ? undefined : { ...parts, server, manager, extra }, diagnostics: report.diagnostics };
}

/** The poller's AMI account on a server; `path` is where its secret stands in the model. */
export function managerView(cluster: Cluster, server: Server, report: RenderReport, path: ModelPath, options: ContextOptions): ManagerView | null {
  if (!server.ami) return null;
  const permit = options.amiPermit ?? ['127.0.0.1/255.255.255.255', ...(cluster.webVip ? [`${cluster.webVip.address}/255.255.255.255`] : [])];
  return {
    bindaddr: server.address, port: server.ami.port ?? 5038, username: server.ami.username,
    secret: report.secret(server.ami.secret, path),
    permit, read: 'system,call,agent,reporting', write: 'system,reporting',
  };
}

type ClusterParts = Omit<RenderContext, 'server' | 'manager' | 'extra'>;

/** The server-independent part of a render context (shared by the servers of a cluster). */
export function clusterParts(enterprise: Enterprise, cluster: Cluster, site: Site, report: RenderReport, options: ContextOptions = {}, index: EnterpriseIndex = indexEnterprise(enterprise)): ClusterParts {
  const features: Required<FeatureCodes> = { ...DEFAULT_FEATURE_CODES, ...enterprise.features };
  const groups = new Map(enterprise.groups.map((g) => [g.id, g]));
  const profiles = [...enterprise.rightsProfiles];
  const profileIds = new Set(profiles.map((p) => p.id));
  const exts = index.extensionsOf(cluster.id);
  const localNumbers = new Set(exts.map((e) => e.number));
  const hotDesks = enterprise.hotDesks.filter((h) => h.cluster === cluster.id).sort(byNumber);
  const trunks = enterprise.trunks.filter((t) => t.cluster === cluster.id).sort(byId);
  const trunkById = new Map(trunks.map((t) => [t.id, t]));
  const queues = enterprise.queues.filter((q2) => q2.cluster === cluster.id).sort(byId);
  const conferences = enterprise.conferences.filter((c) => c.cluster === cluster.id).sort(byNumber);
  const faxUsers = enterprise.faxUsers.filter((f) => f.cluster === cluster.id).sort(byId);
  const aliases = (enterprise.numberPlan?.aliases ?? []).filter((a) => a.cluster === cluster.id).sort(byNumber);
  const hours = enterprise.businessHours.filter((b) => b.cluster === cluster.id && b.active).sort(byId);
  const vip = cluster.voiceVip.address;
  const resolveSettings = extensionResolver(groups);
  const settingsCache = new Map<Extension, EffectiveExtension>();
  const settingsOf = (e: Extension): EffectiveExtension => {
    let s = settingsCache.get(e);
    if (s === undefined) settingsCache.set(e, (s = resolveSettings(e)));
    return s;
  };
  const boxOf = (e: Extension): string => settingsOf(e).voicemail.value?.box ?? '';
  const profileOf = (e: Extension): string => settingsOf(e).rightsProfile.value ?? 'default';

  // ---- pjsip
  const needsTls = exts.some((e) => settingsOf(e).sipTransport === 'tls')
    || trunks.some((t) => t.protocol === 'SIP' && (t.encryption === true || t.transport === 'tls'));
  const transports: TransportView[] = [
    { name: 'transport-udp', protocol: 'udp', bind: `${vip}:5060`, tls: false },
    { name: 'transport-tcp', protocol: 'tcp', bind: `${vip}:5060`, tls: false },
    ...(needsTls ? [{ name: 'transport-tls', protocol: 'tls' as const, bind: `${vip}:5061`, tls: true }] : []),
  ];
  const dynamicQueueOfGroup = new Map<string, string>();
  for (const qu of queues) if (qu.dynamicMembers && !dynamicQueueOfGroup.has(qu.group)) dynamicQueueOfGroup.set(qu.group, qu.id);
  const userContext = (e: Extension): string => settingsOf(e).context;
  const phones: PhoneView[] = exts.map((e) => {
    const s = settingsOf(e);
    const transport = s.sipTransport;
    const box = boxOf(e);
    const dq = dynamicQueueOfGroup.get(e.group);
    return {
      name: e.number,
      comment: clean(`${e.name}${e.description && e.description !== e.name ? ` (${e.description})` : ''}`),
      context: userContext(e),
      codecs: s.codecs.value.join(','),
      callerid: e.callerId ?? `"${String(e.name).replace(/"/g, '')}" <${e.number}>`,
      username: e.authUser ?? e.number,
      password: report.secret(e.secret, ['extensions', report.indexOf('extensions', e), 'secret']),
      mailboxes: box ? `${box}@${VOICEMAIL_CONTEXT}` : '',
      dtmfMode: s.dtmfMode.value,
      language: s.language.value ?? '',
      callGroup: s.callGroup.value ?? '',
      pickupGroup: s.pickupGroup.value ?? '',
      acl: s.acl.value ?? '',
      nat: s.nat.value,
      directMedia: s.directMedia.value,
      transport: transport ? `transport-${transport}` : '',
      encryption: s.encryption.value,
      accountcode: s.accountcode.value ?? '',
      busyAt: s.callLimit.value,
      setVars: dq ? [`ACM_QUEUE=${dq}`] : [],
      maxContacts: s.maxContacts.value,
      qualifyFrequency: s.qualifyFrequency.value,
    };
  });
  for (const h of hotDesks) {
    phones.push({
      name: h.number, comment: clean(`hot desk ${h.name}${h.location ? `, ${h.location}` : ''}`), context: 'acm-hotdesk-entry', codecs: 'g722,ulaw,alaw',
      callerid: `"${clean(h.name).replace(/"/g, '')}" <${h.number}>`, username: h.number, password: report.secret(h.secret, ['hotDesks', report.indexOf('hotDesks', h), 'secret']),
      mailboxes: '', dtmfMode: 'rfc4733', language: '', callGroup: '', pickupGroup: '', acl: '', nat: false, directMedia: false, transport: '',
      encryption: false, accountcode: '', busyAt: 1, setVars: [], maxContacts: 1, qualifyFrequency: 60,
    });
  }
  const aclById = new Map(enterprise.acls.map((a) => [a.id, a]));
  const isIp = (h: string): boolean => /^[0-9.]+$/.test(h) || h.includes(':');
  const sipTrunks: SipTrunkView[] = trunks.filter((t) => t.protocol === 'SIP' && (t.host ?? '') !== '').map((t) => {
    const tr = t.encryption ? 'tls' : t.transport ?? 'udp';
    const host = t.host ?? '';
    const hostPort = `${host}${t.port ? `:${t.port}` : ''}`;
    // Identify by host; a host name would be resolved at load (an ERROR without DNS), so a trunk with an
    // ACL of provider addresses is identified by those addresses instead, and a registering trunk by the
    // `line` parameter of its registration's Contact. Only a name with neither keeps an identify by name.
    const aclNets = t.acl ? aclById.get(t.acl)?.permit ?? [] : [];
    const register = t.register === true && t.auth !== undefined;
    const match = isIp(host) ? host : aclNets.length > 0 ? aclNets.join(',') : register ? '' : host;
    return {
      name: t.id, comment: clean(`${t.provider ?? t.id}${t.description && t.description !== t.provider ? `: ${t.description}` : ''}, ${t.channels} channels`),
      context: t.inboundContext ?? 'acm-from-trunk', codecs: (t.codecs ?? ['ulaw', 'alaw']).join(','),
      auth: t.auth ? { name: `${t.id}-auth`, username: t.auth.username, password: report.secret(t.auth.secret, ['trunks', report.indexOf('trunks', t), 'auth', 'secret']) } : null,
      register,
      // `;` starts a comment in Asterisk config files: a URI parameter is written `\;` (read back as `;`).
      serverUri: `sip:${hostPort}${tr === 'tls' ? '\\;transport=tls' : tr === 'tcp' ? '\\;transport=tcp' : ''}`,
      clientUri: t.auth ? `sip:${t.auth.username}@${hostPort}` : '',
      transport: `transport-${tr}`, encryption: t.encryption === true, acl: t.acl ?? '', accountcode: t.accountcode ?? '',
      callerid: t.callerId ?? '', qualifyFrequency: t.qualifyFrequency ?? 60, match,
    };
  });

  // ---- dialplan
  const b = new DialplanBuilder();
  const siteEmergency = new Set(site.dialing.emergencyNumbers);
  const prefix = site.dialing.outsideLinePrefix ?? '';
  const hotdeskEnabled = hotDesks.length > 0;
  const ring = (e: Extension): number => settingsOf(e).ringSeconds.value;
  b.context('acm-local', 'every number of this cluster: phones, queues, conferences, group lines');
  const groupRouter = new Map<string, Group>();
  for (const g of [...enterprise.groups].sort(byId)) {
    if (g.number && hours.some((h) => h.group === g.id)) groupRouter.set(g.number, g);
  }
  const globalBlack = enterprise.blacklist ?? [];
  for (const e of exts) {
    const ctx = userContext(e);
    const box = boxOf(e);
    const s = e.services;
    const steps: (string | [string, string])[] = [`NoOp(${clean(e.name)})`];
    let reject = false;
    if (s?.inbound && !s.inbound.includes('external')) { steps.push(`GotoIf($["\${ACM_ORIGIN}" = "external"]?reject)`); reject = true; }
    if (s?.inbound && !s.inbound.includes('internal')) { steps.push(`GotoIf($["\${ACM_ORIGIN}" != "external"]?reject)`); reject = true; }
    if (s?.blockAnonymous) { steps.push(`GotoIf($["\${CALLERID(num)}" = "" | "\${CALLERID(num)}" = "anonymous"]?reject)`); reject = true; }
    // A blacklist entry Asterisk could never match (an unclosed set) blocks no one.
    const black = [...globalBlack, ...(s?.blacklist ?? [])].map((x) => patternToRegex(x)).filter((x): x is string => x !== undefined);
    if (black.length > 0) { steps.push(`GotoIf($[\${REGEX("^(${black.join('|')})$" \${CALLERID(num)})}]?reject)`); reject = true; }
    const dial = `PJSIP/${e.number}${hotdeskEnabled ? `\${IF($[\${DB_EXISTS(acm-hotdesk/${e.number})}]?&PJSIP/\${DB_RESULT})}` : ''}`;
    if (e.callForward?.always) {
      steps.push(`Goto(${ctx},${e.callForward.always},1)`);
    } else {
      if (s?.secretary && s.secretary !== e.number) {
        steps.push(`GotoIf($["\${CALLERID(num)}" = ${q(s.secretary)}]?boss)`);
        steps.push(`Dial(PJSIP/${s.secretary},${ring(e)})`);
        steps.push(`GotoIf($["\${DIALSTATUS}" = "ANSWER"]?done)`);
        steps.push(['boss', `Dial(${dial},${ring(e)})`]);
      } else steps.push(`Dial(${dial},${ring(e)})`);
      if (e.callForward?.busy) steps.push(`GotoIf($["\${DIALSTATUS}" = "BUSY"]?${ctx},${e.callForward.busy},1)`);
      if (e.callForward?.noAnswer) steps.push(`GotoIf($["\${DIALSTATUS}" = "NOANSWER"]?${ctx},${e.callForward.noAnswer},1)`);
      if (box) {
        steps.push(`GotoIf($["\${DIALSTATUS}" = "ANSWER"]?done)`);
        steps.push(`VoiceMail(${box}@${VOICEMAIL_CONTEXT},\${IF($["\${DIALSTATUS}" = "BUSY"]?b:u)})`);
      }
    }
    steps.push(['done', 'Hangup()']);
    if (reject) { steps.push(['reject', 'Playback(ss-noservice)']); steps.push('Hangup()'); }
    if (!groupRouter.has(e.number)) b.exten('acm-local', e.number, steps, `PJSIP/${e.number}`);
  }
  for (const h of hotDesks) b.exten('acm-local', h.number, [`NoOp(${clean(`hot desk ${h.name}`)})`, `Dial(PJSIP/${h.number},20)`, 'Hangup()'], `PJSIP/${h.number}`);
  for (const qu of queues) {
    if (qu.number && !groupRouter.has(qu.number)) b.exten('acm-local', qu.number, [`NoOp(queue ${qu.id})`, 'Answer()', `Queue(${qu.id})`, 'Hangup()']);
  }
  // FAX numbers are dialable inside too (and from outside through acm-did, which includes acm-local).
  for (const f of faxUsers) for (const n of f.numbers) if (!b.has('acm-local', n)) b.exten('acm-local', n, [`Goto(acm-fax,${n},1)`]);
  for (const c of conferences) {
    b.exten('acm-local', c.number, [`NoOp(${clean(c.description ?? `conference ${c.number}`)})`, 'Answer()', `ConfBridge(${c.number},acm-conf-${c.number},acm-conf-${c.number}-user)`, 'Hangup()']);
  }
  // Business-hours routing: holidays and forced closings override the opening hours.
  for (const [number, g] of groupRouter) {
    const rules = hours.filter((h) => h.group === g.id);
    const overrides = rules.filter((r) => businessHoursKind(r) !== 'open');
    const opens = rules.filter((r) => businessHoursKind(r) === 'open');
    const queue = queues.find((qu) => qu.group === g.id);
    const members = exts.filter((e) => e.group === g.id).slice(0, 20);
    const open = queue ? ['Answer()', `Queue(${queue.id})`] : members.length > 0 ? [`Dial(${members.map((m) => `PJSIP/${m.number}`).join('&')},30)`] : ['Playback(vm-nobodyavail)'];
    const closedDest = g.closedDestination;
    const closedExt = closedDest ? exts.find((e) => e.number === closedDest) : undefined;
    const closed = closedDest && closedDest !== number && !closedExt ? [`Goto(acm-local,${closedDest},1)`]
      : closedExt && boxOf(closedExt) ? [`VoiceMail(${boxOf(closedExt)}@${VOICEMAIL_CONTEXT},u)`]
        : closedExt ? [`Goto(acm-local,${closedExt.number},1)`] : ['Playback(vm-nobodyavail)'];
    const steps: (string | [string, string])[] = [`NoOp(${clean(g.name ?? g.id)} business hours)`];
    overrides.forEach((r, i) => { for (const spec of gotoIfTimeSpecs(r, site.timezone)) steps.push(`GotoIfTime(${spec}?rule${i + 1})`); });
    for (const r of opens) for (const spec of gotoIfTimeSpecs(r, site.timezone)) steps.push(`GotoIfTime(${spec}?open)`);
    steps.push('Goto(closed)');
    steps.push(['open', open[0] as string], ...open.slice(1), 'Hangup()');
    overrides.forEach((r, i) => {
      steps.push([`rule${i + 1}`, `NoOp(${clean(`${r.function} ${r.description ?? ''}`)})`]);
      if (r.announcement) steps.push('Answer()', `Playback(${r.announcement})`);
      steps.push('Goto(closed)');
    });
    steps.push(['closed', closed[0] as string], ...closed.slice(1), 'Hangup()');
    b.exten('acm-local', number, steps);
  }

  // Other clusters' numbers: roaming ones through DUNDi; the others over the inter-site IAX2 trunk to
  // their cluster, as blocks of patterns that match exactly the numbers that cluster holds (and the
  // free numbers of its groups' ranges), so the context grows with the number of blocks, not of users.
  b.context('acm-roaming', 'roaming numbers homed on other clusters, found by DUNDi');
  b.context('acm-out-internal', 'numbers of other clusters, over the inter-site trunks');
  const iaxByPeer = new Map<string, Trunk>();
  for (const t of trunks) if (t.protocol === 'IAX' && t.peerCluster && t.peerCluster !== cluster.id && !iaxByPeer.has(t.peerCluster)) iaxByPeer.set(t.peerCluster, t);
  for (const e of index.roaming) {
    // A roaming user has the same number on several clusters: one DUNDi lookup covers them all.
    if (e.cluster === cluster.id || e.standardNumber || localNumbers.has(e.number) || b.has('acm-roaming', e.number)) continue;
    b.exten('acm-roaming', e.number, [`Set(ACM_DEST=\${DUNDILOOKUP(\${EXTEN},priv)})`, `GotoIf($["\${ACM_DEST}" = ""]?gone)`, `Dial(\${ACM_DEST},30)`, ['gone', 'Hangup()']]);
  }
  for (const [peer, t] of [...iaxByPeer].sort((x, y) => naturalCompare(x[0], y[0]))) {
    // A number two clusters hold (a standard number) goes to the first of them, or stays here.
    for (const x of index.blocksOf(peer)) if (!localNumbers.has(x) && !b.has('acm-out-internal', x)) b.exten('acm-out-internal', x, [`Dial(IAX2/${t.id}/\${EXTEN})`, 'Hangup()']);
  }
  // Outbound routes per call class, trunks in failover order.
  const classTrunks = (classId: string, emergency: boolean): Trunk[] => {
    const serving = trunksServing(trunks, classId === '' ? undefined : classId, emergency);
    const servingIds = new Set(serving.map((t) => t.id));
    const targets = new Set(serving.map((t) => t.failover).filter((f): f is string => f !== undefined && servingIds.has(f)));
    const order: Trunk[] = [];
    const seen = new Set<string>();
    const chain = (t: Trunk | undefined): void => {
      while (t && !seen.has(t.id)) { seen.add(t.id); order.push(t); t = t.failover ? trunkById.get(t.failover) : undefined; }
    };
    for (const t of serving) if (!targets.has(t.id)) chain(t);
    for (const t of serving) chain(t);
    return order;
  };
  // Dial the trunks in order; a class no trunk of this cluster serves still owns its numbers: congestion.
  const routeSteps = (what: string, route: readonly Trunk[], strip: number): (string | [string, string])[] => {
    if (route.length === 0) return [`NoOp(${what} call: no trunk on this cluster)`, 'Congestion()'];
    const steps: (string | [string, string])[] = [`NoOp(${what} call)`];
    route.forEach((t, i) => {
      if (t.callerId) steps.push(`Set(CALLERID(num)=${t.callerId})`);
      steps.push(`Dial(${dialTarget(t, strip)})`);
      if (i < route.length - 1) steps.push(`GotoIf($["\${DIALSTATUS}" != "CHANUNAVAIL" & "\${DIALSTATUS}" != "CONGESTION"]?done)`);
    });
    steps.push(['done', 'Hangup()']);
    return steps;
  };
  const routedEmergency = new Set<string>();
  const classContexts = new Map<string, string>();
  for (const cc of [...enterprise.callClasses].sort(byId)) {
    const name = `acm-out-${cc.id}`;
    classContexts.set(cc.id, name);
    b.context(name, `${cc.description ?? cc.id} (call class ${cc.id})`);
    const route = classTrunks(cc.id, cc.emergency === true);
    for (const p of cc.patterns) {
      if (p.sites && !p.sites.includes(site.id)) continue;
      if (cc.emergency) routedEmergency.add(p.pattern);
      const body = p.pattern.replace(/^_/, '');
      const strip = !p.pattern.startsWith('_') && siteEmergency.has(body) ? 0 : prefix && body.startsWith(prefix) ? prefix.length : 0;
      b.exten(name, p.pattern, routeSteps(cc.id, route, strip));
    }
  }
  // The site's emergency numbers no emergency class routes: over any outbound trunk, always dialable.
  b.context('acm-emergency', 'emergency numbers of the site');
  const emergencyRoute = classTrunks('', true);
  for (const n of site.dialing.emergencyNumbers) {
    for (const [dialed, strip] of prefix === '' ? [[n, 0] as const] : [[n, 0] as const, [prefix + n, prefix.length] as const]) {
      if (!routedEmergency.has(dialed)) b.exten('acm-emergency', dialed, routeSteps('emergency', emergencyRoute, strip));
    }
  }
  const emergencyContexts = [...enterprise.callClasses.filter((c) => c.emergency).sort(byId).map((c) => `acm-out-${c.id}`), 'acm-emergency'];

  // Features.
  const F = features;
  b.context('acm-feature-voicemail', 'own and any voicemail box');
  b.exten('acm-feature-voicemail', F.voicemail, ['Answer()', `VoiceMailMain(\${CALLERID(num)}@${VOICEMAIL_CONTEXT})`, 'Hangup()']);
  b.exten('acm-feature-voicemail', F.voicemailMain, ['Answer()', `VoiceMailMain(@${VOICEMAIL_CONTEXT})`, 'Hangup()']);
  b.context('acm-feature-directory', 'corporate directory');
  b.exten('acm-feature-directory', F.directory, ['Answer()', `Directory(${VOICEMAIL_CONTEXT},acm-local,f)`, 'Hangup()']);
  b.context('acm-feature-pickup', 'directed call pickup');
  b.exten('acm-feature-pickup', `_${F.pickup}X.`, [`Pickup(\${EXTEN:${F.pickup.length}}@acm-local)`, 'Hangup()']);
  b.context('acm-feature-queue-login', 'agent log in / log out of the group queue');
  {
    // Also where no queue takes dynamic members: the code is reserved on every cluster, and does nothing.
    b.exten('acm-feature-queue-login', F.queueToggle, [
      `GotoIf($["\${ACM_QUEUE}" = ""]?done)`, 'RemoveQueueMember(${ACM_QUEUE},PJSIP/${CALLERID(num)})',
      `ExecIf($["\${RQMSTATUS}" = "NOTINQUEUE"]?AddQueueMember(\${ACM_QUEUE},PJSIP/\${CALLERID(num)}))`, 'Playback(beep)', ['done', 'Hangup()']]);
  }
  b.context('acm-feature-intercom', 'intercom: code + extension, the phone answers on its speaker');
  b.exten('acm-feature-intercom', `_${F.intercom}X.`, [`Dial(PJSIP/\${EXTEN:${F.intercom.length}},20,b(acm-intercom-answer^s^1))`, 'Hangup()']);
  b.context('acm-intercom-answer', 'pre-dial handler of intercom calls: ask the phone to answer at once');
  b.exten('acm-intercom-answer', 's', ['Set(PJSIP_HEADER(add,Call-Info)=<sip:intercom>\\;answer-after=0)', 'Set(PJSIP_HEADER(add,Alert-Info)=<http://localhost>\\;info=alert-autoanswer\\;delay=0)', 'Return()']);
  b.context('acm-feature-spy', 'listen in: code + extension, whisper and barge off');
  b.exten('acm-feature-spy', `_${F.spy}X.`, ['Answer()', `ChanSpy(PJSIP/\${EXTEN:${F.spy.length}}-,q)`, 'Hangup()']);
  b.context('acm-feature-parking', 'call parking');
  const park = F.parking;
  if (/^[0-9]+$/.test(park)) {
    b.exten('acm-feature-parking', park, [`Park(${PARKING_LOT})`, 'Hangup()']);
    const base = Number(park);
    for (let slot = base + 1; slot <= base + PARKING_SLOTS; slot++) b.exten('acm-feature-parking', String(slot), [`ParkedCall(${PARKING_LOT},${slot})`, 'Hangup()']);
  }
  const hotdeskUsers = exts.filter((e) => profiles.find((p) => p.id === profileOf(e))?.features?.includes('hotdesk-login'));
  b.context('acm-feature-hotdesk-login', 'hot-desk log in (user number + voicemail PIN) and log out');
  if (!hotdeskEnabled) {
    // The codes are reserved on every cluster; here there is no desk to log in at.
    for (const code of [F.hotDeskLogin, F.hotDeskLogout]) b.exten('acm-feature-hotdesk-login', code, ['Answer()', 'Playback(ss-noservice)', 'Hangup()']);
  } else {
    b.exten('acm-feature-hotdesk-login', F.hotDeskLogin, [
      'Answer()', 'Read(ACM_USER,vm-extension,8)', `GotoIf($[\${DIALPLAN_EXISTS(acm-hotdesk-users,\${ACM_USER},1)}]?:denied)`,
      `VMAuthenticate(\${ACM_USER}@${VOICEMAIL_CONTEXT})`, 'Gosub(acm-hotdesk-users,${ACM_USER},1)',
      'Set(DB(acm-hotdesk/${ACM_USER})=${CALLERID(num)})', 'Set(DB(acm-hotdesk-user/${CALLERID(num)})=${ACM_USER})',
      'Set(DB(acm-hotdesk-context/${CALLERID(num)})=${GOSUB_RETVAL})', 'Playback(agent-loginok)', 'Hangup()',
      ['denied', 'Playback(ss-noservice)'], 'Hangup()']);
    b.exten('acm-feature-hotdesk-login', F.hotDeskLogout, [
      'Set(ACM_USER=${DB_DELETE(acm-hotdesk-user/${CALLERID(num)})})', 'Set(ACM_CTX=${DB_DELETE(acm-hotdesk-context/${CALLERID(num)})})',
      `ExecIf($["\${ACM_USER}" != ""]?Set(ACM_OLD=\${DB_DELETE(acm-hotdesk/\${ACM_USER})}))`, 'Playback(agent-loggedoff)', 'Hangup()']);
    b.context('acm-hotdesk-users', 'users allowed to log in at a hot desk, and their context');
    for (const e of hotdeskUsers) b.exten('acm-hotdesk-users', e.number, [`Return(${userContext(e)})`]);
    b.context('acm-hotdesk-entry', 'hot-desk phones: basic rights until a user logs in, then the user\'s');
    b.include('acm-hotdesk-entry', 'acm-feature-hotdesk-login');
    b.exten('acm-hotdesk-entry', '_[*#0-9+].', [
      'Set(ACM_CTX=${DB(acm-hotdesk-context/${CALLERID(num)})})', `GotoIf($["\${ACM_CTX}" = ""]?basic)`, 'Goto(${ACM_CTX},${EXTEN},1)',
      ['basic', `Goto(${profileIds.has('hotdesk') ? 'hotdesk' : 'acm-blocked'},\${EXTEN},1)`]]);
  }
  const featureContext: Record<string, string> = {
    voicemail: 'acm-feature-voicemail', directory: 'acm-feature-directory', pickup: 'acm-feature-pickup', 'queue-login': 'acm-feature-queue-login',
    parking: 'acm-feature-parking', 'hotdesk-login': 'acm-feature-hotdesk-login', intercom: 'acm-feature-intercom', spy: 'acm-feature-spy',
  };
  const rightsContext = (name: string, comment: string, classes: readonly string[], feats: readonly string[]): void => {
    b.context(name, comment);
    const internal = classes.includes('internal');
    if (internal) for (const c of ['acm-local', 'acm-roaming']) b.include(name, c);
    for (const f of feats) { const c = featureContext[f]; if (c) b.include(name, c); }
    for (const c of emergencyContexts) b.include(name, c);
    // Asterisk takes the first include that matches: other clusters' number blocks come after this
    // cluster's own numbers, features and emergency numbers, so a wide block never hides one of them.
    if (internal) b.include(name, 'acm-out-internal');
    for (const id of classes) { const c = classContexts.get(id); if (c) b.include(name, c); }
  };
  for (const p of [...profiles].sort(byId)) rightsContext(p.id, `rights profile ${p.id}${p.description ? `: ${clean(p.description)}` : ''}`, p.callClasses, p.features ?? []);
  for (const e of exts) {
    if (!e.services?.outbound || e.blocked) continue;
    const p = profiles.find((x) => x.id === profileOf(e));
    rightsContext(`acm-user-${e.number}`, `outbound rights of ${clean(e.name)}`, ['internal', ...e.services.outbound], p?.features ?? []);
  }
  b.context('acm-blocked', 'blocked accounts: emergency calls only');
  for (const c of emergencyContexts) b.include('acm-blocked', c);

  // Inbound: trunks, DIDs, inter-site, DUNDi, media services of the talk.
  b.context('acm-did', 'numbers reachable from outside: DIDs, then every local number');
  for (const c of conferences) if (c.externalNumber) b.exten('acm-did', c.externalNumber, [`Goto(acm-local,${c.number},1)`]);
  b.include('acm-did', 'acm-local');
  const inbound = new Set<string>();
  for (const t of trunks) if (t.protocol !== 'IAX' && !profileIds.has(t.inboundContext ?? 'acm-from-trunk')) inbound.add(t.inboundContext ?? 'acm-from-trunk');
  for (const name of [...inbound].sort(naturalCompare)) {
    b.context(name, 'calls arriving on a trunk');
    b.exten(name, '_X.', ['Set(__ACM_ORIGIN=external)', 'Goto(acm-did,${EXTEN},1)']);
    b.exten(name, '_+X.', ['Set(__ACM_ORIGIN=external)', 'Goto(acm-did,${EXTEN:1},1)']);
  }
  if (trunks.some((t) => t.protocol === 'IAX')) {
    b.context('acm-intersite', 'calls from the other clusters over IAX2');
    b.include('acm-intersite', 'acm-local');
  }
  b.context('acm-dundi-export', 'roaming numbers of this cluster, answered to DUNDi queries');
  for (const e of exts) if (e.roaming) b.exten('acm-dundi-export', e.number, [`Goto(acm-local,${e.number},1)`]);
  if (faxUsers.length > 0 || aliases.length > 0) {
    b.context('from-voip', 'media services the proxy aliases to FAX_<number> and IVR_<number>');
    b.exten('from-voip', '_FA[X]_.', ['NoOp(from-voip: FAX ${CALLERID(num)} ${EXTEN})', 'Set(DID=${EXTEN:4})', 'Goto(acm-fax,${DID},1)']);
    b.exten('from-voip', '_IVR_.', ['Set(DID=${EXTEN:4})', 'Goto(ivr-${DID},s,1)']);
  }
  b.context('acm-fax', 'FAX reception; the gateway mails the file to the user');
  const faxNumbers = new Map<string, string>();
  for (const f of faxUsers) for (const n of f.numbers) if (!faxNumbers.has(n)) faxNumbers.set(n, f.email);
  for (const a of aliases) if (a.service === 'FAX' && !faxNumbers.has(a.number)) faxNumbers.set(a.number, '');
  for (const [n, email] of [...faxNumbers].sort((x, y) => naturalCompare(x[0], y[0]))) {
    b.exten('acm-fax', n, ['Answer()', `Set(ACM_FAX_EMAIL=${email})`, `ReceiveFAX(/var/spool/asterisk/fax/${n}-\${UNIQUEID}.tif)`, 'Hangup()']);
  }
  for (const a of aliases) {
    if (a.service !== 'IVR') continue;
    b.context(`ivr-${a.number}`, `IVR ${a.number}`);
    b.exten(`ivr-${a.number}`, 's', a.queue ? ['Answer()', `Queue(${a.queue})`, 'Hangup()'] : ['Answer()', 'Playback(vm-nobodyavail)', 'Hangup()']);
  }

  // ---- voicemail, queues, conferences, iax, dundi, acl
  const boxes: BoxView[] = [];
  const seenBox = new Set<string>();
  for (const e of exts) {
    const s = settingsOf(e);
    const vm = s.voicemail.value;
    if (vm === undefined || seenBox.has(vm.box)) continue;
    seenBox.add(vm.box);
    const pin = vm.pin !== undefined ? report.secret(vm.pin, ['extensions', report.indexOf('extensions', e), 'voicemail', 'pin']) : '';
    boxes.push({ box: vm.box, pin, name: clean(e.name).replace(/,/g, ' '), email: vm.email ?? '', options: s.directory.value ? '' : 'hidefromdir=yes' });
  }
  boxes.sort((x, y) => naturalCompare(x.box, y.box));
  const extName = new Map(exts.map((e) => [e.number, e.name]));
  const queueViews: QueueView[] = queues.map((qu) => ({
    name: qu.id, strategy: qu.strategy, timeout: qu.timeout ?? 15, retry: qu.retry ?? 5, wrapuptime: qu.wrapUpTime ?? groups.get(qu.group)?.wrapUpSeconds ?? 0,
    maxlen: qu.maxLength ?? 0, musicclass: qu.musicOnHold ?? 'default', announceFrequency: qu.announceFrequency ?? 0, joinempty: qu.joinEmpty === false ? 'no' : 'yes',
    members: (qu.members ?? []).map((m) => ({ iface: `PJSIP/${m.extension}`, penalty: m.penalty ?? 0, name: clean(extName.get(m.extension) ?? m.extension).replace(/,/g, ' ') })),
  }));
  const confViews: ConferenceView[] = conferences.map((c) => ({
    number: c.number, comment: clean(c.description ?? ''), bridge: `acm-conf-${c.number}`, user: `acm-conf-${c.number}-user`, maxMembers: c.maxUsers,
    record: c.record === true, videoMode: c.videoMode && c.videoMode !== 'none' ? c.videoMode : '',
    pin: c.pin !== undefined ? report.secret(c.pin, ['conferences', report.indexOf('conferences', c), 'pin']) : '',
  }));
  const clusterById = new Map(enterprise.clusters.map((c) => [c.id, c]));
  const iaxPeers: IaxPeerView[] = trunks.filter((t) => t.protocol === 'IAX').map((t) => ({
    name: t.id, comment: clean(`inter-site trunk to ${t.peerCluster ?? t.host ?? t.id}, ${t.channels} channels`),
    host: (t.peerCluster ? clusterById.get(t.peerCluster)?.voiceVip.address : undefined) ?? t.host ?? 'dynamic',
    username: t.auth?.username ?? cluster.id, secret: t.auth ? report.secret(t.auth.secret, ['trunks', report.indexOf('trunks', t), 'auth', 'secret']) : '',
    context: 'acm-intersite', acl: t.acl ?? '', encryption: t.encryption === true, codecs: t.codecs ?? ['ulaw', 'alaw'],
  }));
  // DAHDI numbers channels across spans in span order: an E1 has 31 timeslots (16 carries signalling),
  // a T1 24 (the 24th does). A trunk of more than 23 channels is an E1.
  const priSpans: PriSpanView[] = [];
  let firstChannel = 1;
  for (const t of trunks.filter((x) => x.protocol === 'PRI').sort((x, y) => (x.span ?? 1) - (y.span ?? 1))) {
    const e1 = t.channels > 23;
    const b0 = firstChannel;
    const channels = e1 ? `${b0}-${b0 + 14},${b0 + 16}-${b0 + 30}` : `${b0}-${b0 + 22}`;
    firstChannel += e1 ? 31 : 24;
    priSpans.push({
      comment: clean(`${t.id}: span ${t.span ?? 1}, ${e1 ? 'E1' : 'T1'}, ${t.channels} channels${t.provider ? `, ${t.provider}` : ''}`),
      signalling: 'pri_cpe', switchtype: e1 ? 'euroisdn' : 'national', context: t.inboundContext ?? 'acm-from-trunk', group: t.span ?? 1, channels,
    });
  }
  const keyName = (eid: string): string => `acm-${eid.replace(/:/g, '').toLowerCase()}`;
  const dundiPeers: DundiPeerView[] = [...enterprise.clusters].filter((c) => c.id !== cluster.id).sort(byId)
    .map((c) => ({ eid: c.dundiEid.toLowerCase(), host: c.voiceVip.address, cluster: c.id, inkey: keyName(c.dundiEid), outkey: keyName(cluster.dundiEid) }));
  const acls: AclView[] = [...enterprise.acls].sort(byId).map((a) => ({ name: a.id, comment: clean(a.description ?? ''), deny: a.deny ?? ['0.0.0.0/0.0.0.0'], permit: a.permit }));

  // res_parking: the lot's spaces follow the parking code (700 -> 701-720); the dialplan's
  // acm-feature-parking holds the park and pickup extensions (number-space claims), so the lot
  // registers none of its own (no parkext, which would also create them in a context of its own).
  const parkBase = /^[0-9]+$/.test(F.parking) ? Number(F.parking) : undefined;
  const parkingLot: ParkingLotView = {
    name: PARKING_LOT, parkext: F.parking,
    parkpos: parkBase === undefined ? '' : `${parkBase + 1}-${parkBase + PARKING_SLOTS}`,
  };
  const musicClasses: MusicClassView[] = [...musicOnHoldClasses(enterprise.musicOnHold)].sort(byId)
    .map((m) => ({ name: m.id, comment: clean(m.description ?? ''), mode: 'files' as const, directory: m.directory, sort: m.sort ?? '' }));
  const endpoints = phones.length + sipTrunks.length;
  const large = endpoints > LARGE_SERVER_ENDPOINTS;
  // Above the threshold the MWI queue may hold one task per endpoint before raising its alert.
  const mwiTpsQueueHigh = large ? Math.max(500, Math.ceil(endpoints / 1000) * 1000) : 500;
  const pjsipGlobal: PjsipGlobalView = { endpoints, large, mwiTpsQueueHigh, mwiTpsQueueLow: Math.floor(mwiTpsQueueHigh * 0.9) };

  return {
    enterprise, site, cluster, features, voicemailContext: VOICEMAIL_CONTEXT, transports, parkingLot, musicClasses, pjsipGlobal,
    tls: { certFile: options.tlsCertFile ?? '/etc/asterisk/keys/asterisk.crt', keyFile: options.tlsKeyFile ?? '/etc/asterisk/keys/asterisk.key' },
    phones, sipTrunks, contexts: b.build(), boxes, queues: queueViews, iaxPeers, priSpans, dundiPeers, dundiKey: cluster.dundiEid.replace(/:/g, '').toLowerCase(), acls, conferences: confViews, skipped: b.skipped,
  };
}
