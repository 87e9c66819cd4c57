import type { Enterprise } from '@acm/core';
import type { ReplicationReport } from '../replication/check-replication.js';
import { expectedEdges } from '../replication/replication-node.js';
import type { EdgeRef } from '../replication/replication-node.js';
import type { HaReport } from '../verify/ha-report.js';

/** A failure to imagine: a server down, a cluster cut off from the rest, or a site's WAN link down. */
export type WhatIfScenario =
  | { readonly kind: 'server-down'; readonly server: string }
  | { readonly kind: 'cluster-isolated'; readonly cluster: string }
  | { readonly kind: 'site-link-down'; readonly site: string };

/** The latest reports the what-if starts from (servers they saw unreachable count as already down). */
export interface WhatIfInputs {
  readonly ha?: readonly HaReport[];
  readonly replication?: readonly ReplicationReport[];
}

/** What happens to one VIP. */
export interface VipMove {
  readonly cluster: string;
  readonly kind: 'voice' | 'web';
  readonly address: string;
  /** Holder before the failure (the latest report's, else the primary). */
  readonly from: string | null;
  /** Holder after it, `null` when no server of the cluster is left. */
  readonly to: string | null;
  readonly outcome: 'stays' | 'moves' | 'lost';
}

/** One cluster after the failure. */
export interface ClusterOutcome {
  readonly cluster: string;
  readonly site: string;
  /** `up` on its usual server, `failover` on another, `down` with no server left. */
  readonly voice: 'up' | 'failover' | 'down';
  /** Clusters it can still reach (DUNDi, inter-site calls, replication), all up. */
  readonly reaches: readonly string[];
  /** Clusters it loses contact with. */
  readonly cutOffFrom: readonly string[];
  /** Local service in isolation: local calls and the cluster's own trunks keep working when voice is not down. */
  readonly localCallsWork: boolean;
  /** Trunk interfaces (providers) the cluster keeps, when its voice service is up. */
  readonly trunks: readonly string[];
}

/** Where the phones of a cluster register next. */
export interface PhoneFailover {
  readonly cluster: string;
  /** `vip`: they stay on the cluster's VIP (possibly on the other server); `dns-srv`: the next SRV target; `none`: nowhere. */
  readonly via: 'vip' | 'dns-srv' | 'none';
  /** The cluster and address they use. */
  readonly target?: { readonly cluster: string; readonly address: string };
}

/** One replication topology after the failure. */
export interface ReplicationOutcome {
  readonly topology: string;
  readonly kind: 'master-slave' | 'master-master' | 'circular';
  /** Edges that stop carrying writes. */
  readonly stopped: readonly EdgeRef[];
  /** For each writing member still up: the members its writes still reach. */
  readonly writesReach: Readonly<Record<string, readonly string[]>>;
  /** When the failure ends: each stopped edge resumes and its replica replays what it missed. */
  readonly resync: readonly { readonly source: string; readonly replica: string; readonly replays: readonly string[] }[];
  /** Writers on both sides of a partition: the same row may be changed twice (auto-increment offsets only protect inserts). */
  readonly conflictRisk: boolean;
  /** The latest replication report found AUTO_INCREMENT collisions: inserts on both sides may collide on resync. */
  readonly autoIncrementRisk: boolean;
}

/** The answer to "what if": VIPs, clusters, phones, replication. */
export interface WhatIfResult {
  readonly scenario: WhatIfScenario;
  /** Servers down (the scenario's and those the latest reports saw unreachable). */
  readonly down: readonly string[];
  /** Servers cut off from the rest (the island), empty when nothing is partitioned. */
  readonly island: readonly string[];
  readonly vips: readonly VipMove[];
  readonly clusters: readonly ClusterOutcome[];
  readonly phones: readonly PhoneFailover[];
  readonly replication: readonly ReplicationOutcome[];
  /** Assumptions the answer rests on (e.g. the DNS SRV order). */
  readonly assumptions: readonly string[];
  /** Scenario names that are not in the model. */
  readonly unknown?: string;
}



/**
 * Answers "what if" over the model and the latest reports (pure): which VIPs move, what keeps
 * working, where phones go next by DNS SRV, which replication edges stop and what resyncs.
 *
 * DNS SRV order is not in the model; ACM assumes the order render publishes: the other
 * clusters of the phone's site first, then the other sites' clusters, each in model order.
 *
 * @example
 * ```ts
 * const r = whatIf(enterprise, { kind: 'server-down', server: 'ast16' });
 * r.vips; // [{ cluster: 'tpa1', kind: 'voice', from: 'ast16', to: 'ast15', outcome: 'moves', ... }]
 * ```
 */
export function whatIf(model: Pick<Enterprise, 'sites' | 'clusters' | 'replication'>, scenario: WhatIfScenario, inputs: WhatIfInputs = {}): WhatIfResult {
  const clusterOf = new Map<string, string>();
  for (const c of model.clusters) for (const s of c.servers) clusterOf.set(s.id, c.id);
  const down = new Set<string>();
  let island = new Set<string>();
  let unknown: string | undefined;
  if (scenario.kind === 'server-down') {
    if (!clusterOf.has(scenario.server)) unknown = `server ${scenario.server}`;
    down.add(scenario.server);
  } else if (scenario.kind === 'cluster-isolated') {
    const c = model.clusters.find((x) => x.id === scenario.cluster);
    if (c === undefined) unknown = `cluster ${scenario.cluster}`;
    island = new Set(c?.servers.map((s) => s.id) ?? []);
  } else {
    if (!model.sites.some((s) => s.id === scenario.site) && !model.clusters.some((c) => c.site === scenario.site)) unknown = `site ${scenario.site}`;
    island = new Set(model.clusters.filter((c) => c.site === scenario.site).flatMap((c) => c.servers.map((s) => s.id)));
  }
  for (const r of inputs.ha ?? []) for (const s of r.servers) if (!s.reachable) down.add(s.id);
  const side = (server: string): 'island' | 'rest' => (island.has(server) ? 'island' : 'rest');
  const clusterSide = (clusterId: string): 'island' | 'rest' => {
    const c = model.clusters.find((x) => x.id === clusterId);
    return c !== undefined && c.servers.some((s) => island.has(s.id)) ? 'island' : 'rest';
  };

  // VIPs.
  const latest = new Map((inputs.ha ?? []).map((r) => [r.cluster, r] as const));
  const vips: VipMove[] = [];
  const voiceHolder = new Map<string, string | null>();
  for (const c of model.clusters) {
    const defs = [{ kind: 'voice' as const, vip: c.voiceVip }, ...(c.webVip === undefined ? [] : [{ kind: 'web' as const, vip: c.webVip }])];
    for (const { kind, vip } of defs) {
      const seen = latest.get(c.id)?.vips.find((v) => v.kind === kind)?.holders;
      const from = seen !== undefined && seen.length === 1 ? (seen[0] as string) : (c.servers.find((s) => s.role === 'primary')?.id ?? c.servers[0]?.id ?? null);
      let to: string | null = from;
      if (from === null || down.has(from)) {
        const order = [...c.servers].sort((a, b) => (a.role === b.role ? 0 : a.role === 'primary' ? -1 : 1));
        to = order.find((s) => !down.has(s.id))?.id ?? null;
      }
      vips.push({ cluster: c.id, kind, address: vip.address, from, to, outcome: to === null ? 'lost' : to === from ? 'stays' : 'moves' });
      if (kind === 'voice') voiceHolder.set(c.id, to);
    }
  }

  // Clusters.
  const voiceUp = (id: string): boolean => voiceHolder.get(id) !== null && voiceHolder.get(id) !== undefined;
  const clusters: ClusterOutcome[] = model.clusters.map((c) => {
    const holder = voiceHolder.get(c.id) ?? null;
    const usual = c.servers.find((s) => s.role === 'primary')?.id ?? c.servers[0]?.id;
    const voice = holder === null ? 'down' : holder === usual ? 'up' : 'failover';
    const others = model.clusters.filter((o) => o.id !== c.id);
    const reaches = others.filter((o) => clusterSide(o.id) === clusterSide(c.id) && voiceUp(o.id)).map((o) => o.id);
    const cutOffFrom = others.filter((o) => !reaches.includes(o.id)).map((o) => o.id);
    return {
      cluster: c.id,
      site: c.site,
      voice,
      reaches,
      cutOffFrom,
      localCallsWork: voice !== 'down',
      trunks: voice === 'down' ? [] : (c.trunkInterfaces ?? []).filter((t) => t.configured !== false).map((t) => t.provider),
    };
  });

  // Phones: the VIP if it survives, else the next SRV target the phones can reach.
  const phones: PhoneFailover[] = model.clusters.map((c) => {
    if (voiceUp(c.id)) return { cluster: c.id, via: 'vip', target: { cluster: c.id, address: c.voiceVip.address } };
    const site = c.site;
    // Phones sit on the cluster's site network: they reach what the site can reach.
    const phoneSide = clusterSide(c.id);
    const order = [...model.clusters.filter((o) => o.id !== c.id && o.site === site), ...model.clusters.filter((o) => o.site !== site)];
    const next = order.find((o) => voiceUp(o.id) && clusterSide(o.id) === phoneSide);
    return next === undefined ? { cluster: c.id, via: 'none' } : { cluster: c.id, via: 'dns-srv', target: { cluster: next.id, address: next.voiceVip.address } };
  });

  // Replication.
  const replication: ReplicationOutcome[] = model.replication.map((t) => {
    const edges = expectedEdges(t);
    const stops = (e: EdgeRef): boolean => down.has(e.source) || down.has(e.replica) || side(e.source) !== side(e.replica);
    const stopped = edges.filter(stops);
    const flowing = edges.filter((e) => !stops(e));
    const writerIds = t.kind === 'master-slave' ? t.members.slice(0, 1) : [...t.members];
    const reach = (from: string, via: readonly EdgeRef[]): string[] => {
      const seen = new Set([from]);
      const q = [from];
      while (q.length > 0) {
        const s = q.shift() as string;
        for (const e of via) if (e.source === s && !seen.has(e.replica)) { seen.add(e.replica); q.push(e.replica); }
      }
      seen.delete(from);
      return t.members.filter((m) => seen.has(m));
    };
    const writesReach: Record<string, string[]> = {};
    for (const w of writerIds) if (!down.has(w)) writesReach[w] = reach(w, flowing);
    // On return, a replica replays every write it missed: those of members that reach it
    // through the full topology but not through the edges that kept flowing.
    const resync = stopped.map((e) => ({
      source: e.source,
      replica: e.replica,
      replays: writerIds.filter((w) => w !== e.replica && !down.has(w) && reach(w, edges).includes(e.replica) && !(writesReach[w] ?? []).includes(e.replica)),
    }));
    const liveWriters = writerIds.filter((w) => !down.has(w));
    const conflictRisk = t.kind !== 'master-slave' && new Set(liveWriters.map(side)).size > 1;
    const report = (inputs.replication ?? []).find((r) => r.topology.id === t.id);
    const autoIncrementRisk = report?.diagnostics.some((d) => d.code === 'replication.auto-increment-collision') ?? false;
    return { topology: t.id, kind: t.kind, stopped, writesReach, resync, conflictRisk, autoIncrementRisk };
  });

  return {
    scenario,
    down: [...down],
    island: [...island],
    vips,
    clusters,
    phones,
    replication,
    assumptions: [
      'DNS SRV order: the other clusters of the same site first, then other sites, in model order',
      'VIPs move to the primary if it is up, else to the first secondary that is up',
    ],
    ...(unknown === undefined ? {} : { unknown }),
  };
}
