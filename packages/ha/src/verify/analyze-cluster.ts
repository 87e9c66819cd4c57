import { diag } from '@acm/core';
import type { Cluster, Diagnostic, ModelPath } from '@acm/core';
import { interfaceWithAddress } from '../parsers/ip-addr.js';
import { statusOf } from '../replication/analyze-replication.js';
import type { ServerFacts } from './server-facts.js';
import { checkSymmetricRouting } from './symmetric-routing.js';
import type { ConfigFileView, HaReport, HaServerView, HaState, ReachView, TrunkView, VipView } from './ha-report.js';

/** Options of {@link analyzeCluster}. */
export interface AnalyzeClusterOptions {
  /** Time of the check (ISO string, default now). */
  readonly checkedAt?: string;
  /** Model path of the cluster (default `['clusters', id]`); servers are `[...path, 'servers', index]`. */
  readonly basePath?: ModelPath;
}

/** The addresses HA verify pings from each server of a cluster: own, peers' (service and replication), VIPs. */
export function addressesToProbe(cluster: Cluster, serverId: string): string[] {
  const out = new Set<string>();
  const me = cluster.servers.find((s) => s.id === serverId);
  if (me !== undefined) out.add(me.address);
  for (const s of cluster.servers) {
    if (s.id === serverId) continue;
    out.add(s.replicationAddress ?? s.address);
  }
  out.add(cluster.voiceVip.address);
  if (cluster.webVip !== undefined) out.add(cluster.webVip.address);
  return [...out];
}

function interfaceKind(name: string, label: string | undefined): 'physical' | 'vlan' | 'alias' {
  if (label !== undefined && label.includes(':')) return 'alias';
  return /[.@]/.test(name) || /^vlan/i.test(name) ? 'vlan' : 'physical';
}

/**
 * Decides the state of a cluster from the facts read on each server (pure).
 * Every rule runs: VIP holders, reachability, trunk interfaces, Asterisk, config sync, routing.
 *
 * The state is `UNKNOWN` when the holder of a VIP cannot be determined: no readable server
 * holds it, some servers could not be read (SSH failed, or `ip addr` failed on them), and
 * neither "it does not answer" (DOWN) nor "the only unreadable candidates are secondaries"
 * (FAILOVER) nor "the only unreadable candidate is the primary and the VIP answers" (held by
 * the primary) follows from what was read. A cluster with no server readable is UNKNOWN.
 * Known facts rank first: SPLIT-BRAIN > DOWN > UNKNOWN > FAILOVER > DEGRADED > NORMAL.
 */
export function analyzeCluster(cluster: Cluster, facts: readonly ServerFacts[], options: AnalyzeClusterOptions = {}): HaReport {
  const base: ModelPath = options.basePath ?? ['clusters', cluster.id];
  const sPath = (id: string): ModelPath => [...base, 'servers', cluster.servers.findIndex((s) => s.id === id)];
  const byId = new Map(facts.map((f) => [f.server, f] as const));
  const out: Diagnostic[] = [];
  const c = cluster.id;

  for (const s of cluster.servers) {
    const f = byId.get(s.id);
    if (f === undefined || !f.reachable) out.push(diag('ha.server-unreachable', sPath(s.id), { cluster: c, server: s.id, reason: f?.error ?? 'not checked' }));
    for (const p of f?.failures ?? []) out.push(diag('ha.check-failed', sPath(s.id), { cluster: c, server: s.id, command: p.command, reason: p.reason }));
  }

  // VIPs: who holds each one.
  const vipDefs = [{ kind: 'voice' as const, vip: cluster.voiceVip }, ...(cluster.webVip === undefined ? [] : [{ kind: 'web' as const, vip: cluster.webVip }])];
  const vips: VipView[] = vipDefs.map(({ kind, vip }) => ({
    kind,
    address: vip.address,
    interface: vip.interface,
    holders: cluster.servers.filter((s) => {
      const ifs = byId.get(s.id)?.interfaces;
      return ifs !== undefined && interfaceWithAddress(ifs, vip.address) !== undefined;
    }).map((s) => s.id),
  }));
  // Servers whose addresses could not be read: any of them may hold a VIP nobody readable holds.
  const unknownServers = cluster.servers.filter((s) => byId.get(s.id)?.interfaces === undefined);
  const primary = cluster.servers.find((s) => s.role === 'primary');
  let splitBrain = false;
  let failover = false;
  let down = false;
  let unknown = false;
  for (const [i, v] of vips.entries()) {
    const path = [...base, v.kind === 'voice' ? 'voiceVip' : 'webVip'];
    if (v.holders.length > 1) {
      splitBrain = true;
      out.push(diag('ha.split-brain', path, { cluster: c, kind: v.kind, vip: v.address, holders: v.holders }));
    } else if (v.holders.length === 0) {
      const pings = facts.filter((f) => byId.get(f.server)?.interfaces !== undefined).map((f) => f.reach[v.address]);
      const answered = pings.includes(true);
      if (unknownServers.length === 0 || (!answered && pings.includes(false))) {
        // Every server was read and none holds it, or it does not answer: nobody holds it.
        if (v.kind === 'voice') down = true;
        out.push(diag('ha.vip-down', path, { cluster: c, kind: v.kind, vip: v.address }));
        continue;
      }
      // The VIP answers (so an unreadable server holds it), or nothing tells: who holds it
      // follows only when the unreadable candidates are all secondaries (FAILOVER) or the primary alone.
      const candidates = unknownServers.map((s) => s.id);
      const onlyPrimary = candidates.length === 1 && candidates[0] === primary?.id;
      const noPrimary = !candidates.includes(primary?.id ?? '');
      if (answered && (onlyPrimary || cluster.loadBalance === true)) continue;
      if (answered && noPrimary) {
        failover = true;
        out.push(diag('ha.failover', path, { cluster: c, kind: v.kind, vip: v.address, holder: candidates.length === 1 ? candidates[0] : null, primary: primary?.id ?? null }));
        continue;
      }
      unknown = true;
      vips[i] = { ...v, holderUnknown: true };
      out.push(diag('ha.vip-unknown', path, { cluster: c, kind: v.kind, vip: v.address, candidates }));
    } else {
      const holder = cluster.servers.find((s) => s.id === v.holders[0]);
      if (holder !== undefined && holder.role !== 'primary' && cluster.loadBalance !== true) {
        failover = true;
        out.push(diag('ha.failover', path, { cluster: c, kind: v.kind, vip: v.address, holder: holder.id, primary: primary?.id ?? null }));
      }
    }
  }
  const voice = vips[0] as VipView;
  const active = voice.holders.length === 1 ? voice.holders[0] : undefined;

  // Trunk interfaces, as seen on the active server.
  const activeIfs = active === undefined ? undefined : byId.get(active)?.interfaces;
  const trunks: TrunkView[] = (cluster.trunkInterfaces ?? []).map((t, i) => {
    const path = [...base, 'trunkInterfaces', i];
    if (t.configured === false) return { name: t.name, provider: t.provider, address: t.address, status: 'not-configured' };
    if (activeIfs === undefined) return { name: t.name, provider: t.provider, address: t.address, status: 'unknown' };
    const iface = interfaceWithAddress(activeIfs, t.address);
    if (iface === undefined) {
      out.push(diag('ha.trunk-interface-missing', path, { cluster: c, server: active, trunk: t.provider, address: t.address }));
      return { name: t.name, provider: t.provider, address: t.address, status: 'not-configured' };
    }
    if (iface.operState === 'DOWN' || (iface.flags.length > 0 && !iface.flags.includes('UP'))) {
      out.push(diag('ha.trunk-interface-down', path, { cluster: c, server: active, trunk: t.provider, address: t.address, interface: iface.name }));
      return { name: t.name, provider: t.provider, address: t.address, status: 'down' };
    }
    return { name: t.name, provider: t.provider, address: t.address, status: 'available' };
  });

  // Per server: reachability, Asterisk, routing.
  const servers: HaServerView[] = cluster.servers.map((s) => {
    const f = byId.get(s.id);
    const reach: ReachView[] = [];
    if (f?.reachable === true) {
      const add = (what: ReachView['what'], address: string): void => {
        if (!(address in f.reach)) return;
        const ok = f.reach[address] ?? null;
        reach.push({ what, address, reachable: ok });
        if (ok === false) out.push(diag('ha.address-unreachable', sPath(s.id), { cluster: c, server: s.id, address, what }));
      };
      add('source', s.address);
      for (const p of cluster.servers) if (p.id !== s.id) add('replication', p.replicationAddress ?? p.address);
      for (const v of vips) add('service', v.address);
    }
    if (f?.asterisk !== undefined && !f.asterisk.running) {
      const isActive = s.id === active;
      if (isActive) down = true;
      out.push(diag('ha.asterisk-down', sPath(s.id), { cluster: c, server: s.id, active: isActive }, { severity: isActive ? 'error' : 'warning' }));
    }
    const routing = f?.interfaces !== undefined && f.rules !== undefined && f.routes !== undefined ? checkSymmetricRouting(f.interfaces, f.rules, f.routes) : [];
    for (const r of routing) {
      if (!r.symmetric) out.push(diag('ha.routing-asymmetric', sPath(s.id), { cluster: c, server: s.id, interface: r.interface, address: r.address, reason: r.reason }));
    }
    const local = f?.interfaces === undefined ? undefined : interfaceWithAddress(f.interfaces, s.address);
    const label = local?.addresses.find((a) => a.address === s.address)?.label;
    return {
      id: s.id,
      role: s.role,
      address: s.address,
      replicationAddress: s.replicationAddress ?? s.address,
      reachable: f?.reachable === true,
      ...(f?.error === undefined ? {} : { error: f.error }),
      holds: vips.filter((v) => v.holders.includes(s.id)).map((v) => v.address),
      ...(local === undefined ? {} : { localInterface: { name: local.name, kind: interfaceKind(local.name, label) } }),
      ...(f?.asterisk === undefined ? {} : { asterisk: f.asterisk }),
      reach,
      routing,
    };
  });

  // Config files identical on every server that could be read.
  const hashed = cluster.servers.filter((s) => byId.get(s.id)?.configHashes !== undefined);
  const configFiles: ConfigFileView[] = [];
  if (hashed.length >= 2) {
    const paths = new Set(hashed.flatMap((s) => (byId.get(s.id)?.configHashes ?? []).map((e) => e.path)));
    for (const path of [...paths].sort()) {
      const sha256: Record<string, string | null> = {};
      for (const s of hashed) sha256[s.id] = byId.get(s.id)?.configHashes?.find((e) => e.path === path)?.sha256 ?? null;
      const same = new Set(Object.values(sha256)).size === 1 && !Object.values(sha256).includes(null);
      configFiles.push({ path, sha256, same });
      if (!same) out.push(diag('ha.config-mismatch', [...base, 'servers'], { cluster: c, file: path, servers: hashed.map((s) => s.id), sha256 }));
    }
  }

  const state: HaState = splitBrain ? 'SPLIT-BRAIN' : down ? 'DOWN' : unknown ? 'UNKNOWN' : failover ? 'FAILOVER' : out.some((d) => d.severity !== 'info') ? 'DEGRADED' : 'NORMAL';
  return {
    cluster: c,
    checkedAt: options.checkedAt ?? new Date().toISOString(),
    state,
    status: statusOf(out),
    ...(active === undefined ? {} : { active }),
    vips,
    trunks,
    servers,
    configFiles,
    diagnostics: out,
  };
}
