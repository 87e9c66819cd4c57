import { extensionResolver, loadFigures, type Enterprise, type LoadFigures, type LoadThresholds, type Trunk } from '@acm/core';
import type { ChannelStatus, ExtensionStatus, StatusSnapshot, TrunkStatus } from './status-types.js';

/** One row of the guide's "Current Extension Status" table. */
export interface ExtensionStatusRow
  extends Pick<ExtensionStatus, 'extension' | 'registered' | 'deviceState' | 'agentState' | 'pauseReason' | 'queues' | 'callsTaken' | 'lastCallAt'> {
  /** `extension`, or `hot-desk` for a hot-desk phone (its number is the PJSIP endpoint; group empty when it has none). */
  readonly kind: 'extension' | 'hot-desk';
  readonly group: string;
  readonly cluster: string;
  /** The user's name, or the hot-desk phone's name (`tpa-hotdesk-1`). */
  readonly name: string;
  /** Server whose status is shown (the one where the phone is registered), if any reported it. */
  readonly server?: string;
  /** New voicemail messages. */
  readonly voicemailNew?: number;
  /** The guide's agent status text: `sales logged in available + 3 ACD calls, last call 2 mins ago`. */
  readonly statusText: string;
}

/** One row of the trunk table. */
export interface TrunkStatusRow {
  readonly trunk: string;
  readonly cluster: string;
  readonly group?: string;
  readonly provider?: string;
  readonly registration?: string;
  readonly reachable?: boolean;
  readonly load: LoadFigures;
}

/** One live channel, with the cluster of the server it is on. */
export interface ChannelStatusRow extends ChannelStatus {
  readonly cluster: string;
}

/** Load of one cluster or one trunk group. */
export interface LoadRow {
  readonly id: string;
  readonly load: LoadFigures;
}

/** The whole status view: what `acm status` and the console show. */
export interface EnterpriseStatusView {
  /** Extensions and hot-desk phones. */
  readonly extensions: readonly ExtensionStatusRow[];
  readonly trunks: readonly TrunkStatusRow[];
  /** Live channels on the servers of the clusters shown (of calls that touch the group, with `group`). */
  readonly channels: readonly ChannelStatusRow[];
  /**
   * Load per cluster. Its calls are every active call on the cluster's servers, internal ones
   * included: the number of distinct `(server, linkedid)` among their channels (Asterisk gives
   * every channel of one call, both bridged legs, Local channels, the same linkedid).
   */
  readonly clusters: readonly LoadRow[];
  readonly trunkGroups: readonly LoadRow[];
}

/** Filters and assumptions of {@link enterpriseStatus}. */
export interface EnterpriseStatusOptions extends LoadThresholds {
  readonly cluster?: string;
  readonly group?: string;
  /** Clock for "last call N mins ago" (default Date.now). */
  readonly nowMs?: number;
}

function ago(seconds: number): string {
  if (seconds < 120) return `${Math.max(0, Math.round(seconds))} secs ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} mins ago`;
  return `${Math.round(seconds / 3600)} hours ago`;
}

/** The guide's agent status text for one extension status. */
export function describeAgentStatus(s: ExtensionStatus | undefined, nowMs: number): string {
  if (s === undefined) return 'no status';
  const queues = s.queues.join(',');
  const prefix = queues === '' ? '' : `${queues} `;
  switch (s.agentState) {
    case undefined:
      return s.registered ? (s.activeChannels > 0 ? 'busy on a call' : 'registered') : 'not registered';
    case 'logged-out':
      return `${prefix}logged out`;
    case 'unavailable':
      return `${prefix}logged in, phone unavailable`;
    case 'ringing':
      return `${prefix}ringing`;
    case 'on-call':
      return `${prefix}busy on a call`;
    case 'paused':
      return `${prefix}busy ${(s.pauseReason || 'paused').toUpperCase()}`;
    case 'available': {
      const calls = s.callsTaken > 0 ? ` + ${s.callsTaken} ACD calls` : '';
      const last = s.lastCallAt !== undefined ? `, last call ${ago(nowMs / 1000 - s.lastCallAt)}` : '';
      return `${prefix}logged in available${calls}${last}`;
    }
  }
}

/**
 * Picks the most relevant of several servers' rows (an HA pair reports the same extension or
 * trunk twice): registered (or with a `Registered` trunk registration) first, then reachable,
 * then the newest.
 */
function best<T extends { registered?: boolean; registration?: string; reachable?: boolean; updatedAt: number }>(rows: readonly T[]): T | undefined {
  const rank = (r: T): number => (r.registered === true || r.registration === 'Registered' ? 2 : 0) + (r.reachable === true ? 1 : 0);
  return [...rows].sort((a, b) => rank(b) - rank(a) || b.updatedAt - a.updatedAt)[0];
}

/**
 * Maps live status onto the enterprise model: extension and hot-desk rows (with group, cluster and
 * name from the model), trunk rows with utilisation against their channel capacity, the live
 * channels, and the load of each cluster (every call on its servers) and trunk group (calls
 * through its trunks). Status rows are matched to a cluster through its servers' ids.
 */
export function enterpriseStatus(enterprise: Enterprise, snapshot: StatusSnapshot, options: EnterpriseStatusOptions = {}): EnterpriseStatusView {
  const now = options.nowMs ?? Date.now();
  const serversOf = new Map(enterprise.clusters.map((c) => [c.id, new Set(c.servers.map((s) => s.id))]));
  const inCluster = (cluster: string, server: string): boolean => serversOf.get(cluster)?.has(server) ?? false;

  const extByKey = new Map<string, ExtensionStatus[]>();
  for (const e of snapshot.extensions) {
    const list = extByKey.get(e.extension) ?? [];
    list.push(e);
    extByKey.set(e.extension, list);
  }
  const extensions: ExtensionStatusRow[] = [];
  const effective = extensionResolver(enterprise);
  const phones = [
    ...enterprise.extensions.map((x) => ({ kind: 'extension' as const, number: x.number, cluster: x.cluster, group: x.group, name: x.name, box: effective(x).voicemail.value?.box })),
    ...enterprise.hotDesks.map((h) => ({ kind: 'hot-desk' as const, number: h.number, cluster: h.cluster, group: h.group ?? '', name: h.name, box: undefined })),
  ];
  for (const x of phones) {
    if (options.cluster !== undefined && x.cluster !== options.cluster) continue;
    if (options.group !== undefined && x.group !== options.group) continue;
    const s = best((extByKey.get(x.number) ?? []).filter((r) => inCluster(x.cluster, r.server)));
    const box = x.box;
    const mb = box === undefined ? undefined : snapshot.mailboxes.find((m) => inCluster(x.cluster, m.server) && m.mailbox.split('@')[0] === box);
    extensions.push({
      kind: x.kind, group: x.group, cluster: x.cluster, extension: x.number, name: x.name, ...(s === undefined ? {} : { server: s.server }),
      registered: s?.registered ?? false, deviceState: s?.deviceState ?? 'UNKNOWN',
      ...(s?.agentState === undefined ? {} : { agentState: s.agentState }), ...(s?.pauseReason === undefined ? {} : { pauseReason: s.pauseReason }),
      queues: s?.queues ?? [], callsTaken: s?.callsTaken ?? 0, ...(s?.lastCallAt === undefined ? {} : { lastCallAt: s.lastCallAt }),
      ...(mb === undefined ? {} : { voicemailNew: mb.newMessages }), statusText: describeAgentStatus(s, now),
    });
  }
  extensions.sort((a, b) => a.group.localeCompare(b.group) || a.cluster.localeCompare(b.cluster) || a.extension.localeCompare(b.extension, undefined, { numeric: true }));

  const trunkRows: TrunkStatusRow[] = [];
  const trunkCalls = (t: Trunk): { status: TrunkStatus | undefined; calls: number } => {
    const rows = snapshot.trunks.filter((r) => r.trunk === t.id && inCluster(t.cluster, r.server));
    // Calls are counted on every server of the cluster (load-balanced clusters carry calls on both).
    return { status: best(rows), calls: rows.reduce((s, r) => s + r.activeChannels, 0) };
  };
  const wantedTrunks = enterprise.trunks.filter((t) => (options.cluster === undefined || t.cluster === options.cluster) && (options.group === undefined || t.group === options.group));
  for (const t of wantedTrunks) {
    const { status, calls } = trunkCalls(t);
    trunkRows.push({
      trunk: t.id, cluster: t.cluster, ...(t.group === undefined ? {} : { group: t.group }), ...(t.provider === undefined ? {} : { provider: t.provider }),
      ...(status?.registration === undefined ? {} : { registration: status.registration }), ...(status === undefined ? {} : { reachable: status.reachable }),
      load: loadFigures(calls, t.channels, options),
    });
  }

  const clusterOf = new Map(enterprise.clusters.flatMap((c) => c.servers.map((s) => [s.id, c.id] as const)));
  const shownClusters = enterprise.clusters.filter((c) => options.cluster === undefined || c.id === options.cluster);
  const shown = new Set(shownClusters.map((c) => c.id));
  let channels: ChannelStatusRow[] = snapshot.channels.flatMap((ch) => {
    const cluster = clusterOf.get(ch.server);
    return cluster !== undefined && shown.has(cluster) ? [{ ...ch, cluster }] : [];
  });
  const clusters: LoadRow[] = [];
  for (const c of shownClusters) {
    const ts = enterprise.trunks.filter((t) => t.cluster === c.id);
    // Every call, internal ones too: one per linkedid per server (linkedids are unique per server only).
    const calls = new Set(channels.filter((ch) => ch.cluster === c.id).map((ch) => `${ch.server}\u0000${ch.linkedid}`)).size;
    const capacity = c.channelCapacity ?? ts.reduce((s, t) => s + t.channels, 0);
    clusters.push({ id: c.id, load: loadFigures(calls, capacity, options) });
  }
  if (options.group !== undefined) {
    // Channels of the calls that touch one of the group's phones or trunks.
    const mine = new Set([...extensions.map((e) => e.extension), ...wantedTrunks.map((t) => t.id)]);
    const calls = new Set(channels.filter((ch) => ch.endpoint !== undefined && mine.has(ch.endpoint)).map((ch) => `${ch.server}\u0000${ch.linkedid}`));
    channels = channels.filter((ch) => calls.has(`${ch.server}\u0000${ch.linkedid}`));
  }
  channels.sort((a, b) => a.cluster.localeCompare(b.cluster) || a.server.localeCompare(b.server) || a.linkedid.localeCompare(b.linkedid) || a.uniqueid.localeCompare(b.uniqueid));
  const groups = new Map<string, Trunk[]>();
  for (const t of wantedTrunks) if (t.group !== undefined) groups.set(t.group, [...(groups.get(t.group) ?? []), t]);
  const trunkGroups: LoadRow[] = [...groups].map(([id, ts]) => ({
    id,
    load: loadFigures(ts.reduce((s, t) => s + trunkCalls(t).calls, 0), ts.reduce((s, t) => s + t.channels, 0), options),
  }));
  return { extensions, trunks: trunkRows, channels, clusters, trunkGroups };
}
