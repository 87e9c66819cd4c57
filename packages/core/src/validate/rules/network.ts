import { formatIpv4, parseIpv4Network, prefixMask } from '../../schema/net.js';
import type { Rule, RuleContext } from '../rule.js';

function addresses(ctx: RuleContext): void {
  const seen = new Map<string, { kind: string; path: (string | number)[]; owner: string }>();
  const claim = (address: string | undefined, kind: string, owner: string, path: (string | number)[]): void => {
    if (address === undefined) return;
    const key = address.toLowerCase();
    const first = seen.get(key);
    // One server may use the same address for service and replication; anything else is a collision.
    if (first === undefined) seen.set(key, { kind, path, owner });
    else if (first.owner !== owner || first.kind.startsWith('VIP') || kind.startsWith('VIP')) {
      ctx.report('net.address-collision', path, { address, kind, otherKind: first.kind }, { related: [{ path: first.path }] });
    }
  };
  for (const [cluster, ci] of ctx.each(ctx.enterprise.clusters)) {
    const p = ['clusters', ci];
    if (ctx.sound(cluster.voiceVip)) claim(cluster.voiceVip.address, `VIP (voice) of ${cluster.id}`, `vip:${cluster.id}:voice`, [...p, 'voiceVip', 'address']);
    if (ctx.sound(cluster.webVip)) claim(cluster.webVip.address, `VIP (web) of ${cluster.id}`, `vip:${cluster.id}:web`, [...p, 'webVip', 'address']);
    for (const [server, si] of ctx.each(cluster.servers)) {
      claim(server.address, `address of server ${server.id}`, `server:${server.id}`, [...p, 'servers', si, 'address']);
      claim(server.replicationAddress, `replication address of server ${server.id}`, `server:${server.id}`, [...p, 'servers', si, 'replicationAddress']);
    }
    for (const [ti, tii] of ctx.each(cluster.trunkInterfaces)) {
      claim(ti.address, `trunk interface ${ti.name} of ${cluster.id}`, `trunk-if:${cluster.id}:${ti.name}`, [...p, 'trunkInterfaces', tii, 'address']);
    }
  }
}

function clusters(ctx: RuleContext): void {
  const eids = new Map<string, string>();
  for (const [cluster, ci] of ctx.each(ctx.enterprise.clusters)) {
    const servers = [...ctx.each(cluster.servers)].map(([s]) => s);
    const primaries = servers.filter((s) => s.role === 'primary').length;
    if (primaries !== 1) ctx.report('cluster.primary-count', ['clusters', ci, 'servers'], { cluster: cluster.id, count: primaries });
    if (servers.length === 1) ctx.report('cluster.no-ha-peer', ['clusters', ci, 'servers'], { cluster: cluster.id });
    const eid = cluster.dundiEid.toLowerCase();
    const other = eids.get(eid);
    if (other === undefined) eids.set(eid, cluster.id);
    else ctx.report('cluster.duplicate-eid', ['clusters', ci, 'dundiEid'], { eid: cluster.dundiEid, otherCluster: other });
    for (const [ti, tii] of ctx.each(cluster.trunkInterfaces)) {
      if (ti.configured === false) ctx.report('cluster.trunk-interface-unconfigured', ['clusters', ci, 'trunkInterfaces', tii], { name: ti.name, provider: ti.provider });
    }
  }
}

function acls(ctx: RuleContext): void {
  const e = ctx.enterprise;
  const used = new Set<string>();
  for (const [x] of ctx.each(e.extensions)) if (x.acl !== undefined) used.add(x.acl);
  for (const [g] of ctx.each(e.groups)) if (g.template?.acl !== undefined) used.add(g.template.acl);
  for (const [t] of ctx.each(e.trunks)) if (t.acl !== undefined) used.add(t.acl);
  for (const [acl, i] of ctx.each(e.acls)) {
    if (acl.permit.length === 0) ctx.report('acl.empty', ['acls', i, 'permit'], { acl: acl.id });
    for (const list of ['permit', 'deny'] as const) {
      const seen = new Map<string, number>();
      (acl[list] ?? []).forEach((network, j) => {
        const parsed = parseIpv4Network(network);
        const key = parsed === undefined ? network.toLowerCase() : `${formatIpv4((parsed.address & prefixMask(parsed.prefix)) >>> 0)}/${parsed.prefix}`;
        const first = seen.get(key);
        if (first !== undefined) {
          ctx.report('acl.duplicate-network', ['acls', i, list, j], { acl: acl.id, network }, { related: [{ path: ['acls', i, list, first] }] });
        } else seen.set(key, j);
        if (parsed !== undefined && ((parsed.address & ~prefixMask(parsed.prefix)) >>> 0) !== 0) {
          ctx.report('acl.host-bits', ['acls', i, list, j], { network, canonical: key });
        }
      });
    }
    if (!used.has(acl.id)) ctx.report('acl.unused', ['acls', i], { acl: acl.id });
  }
}

/** VIPs, server and trunk-interface addresses do not collide. */
export const ADDRESSES: Rule = { name: 'addresses', lifecycle: 'common', run: addresses };
/** One primary per cluster, an HA peer, unique DUNDi EIDs. */
export const CLUSTERS: Rule = { name: 'clusters', lifecycle: 'common', run: clusters };
/** ACL networks are valid, not duplicated, and the ACL permits something. */
export const ACLS: Rule = { name: 'acls', lifecycle: 'common', run: acls };
