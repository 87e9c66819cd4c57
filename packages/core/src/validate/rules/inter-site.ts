import { describeSecret, inlineSecret, type Secret } from '../../model/secret.js';
import type { Trunk } from '../../model/trunk.js';
import { inIpv4Network, parseIpv4, parseIpv4Network } from '../../schema/net.js';
import type { Rule, RuleContext } from '../rule.js';

/**
 * The IAX2 convention of inter-site trunks (see docs/render.md): cluster A's trunk `T` to B and B's
 * trunk `U` back to A form a pair. A calling over `T` presents the username `T.auth.username`, which
 * B looks up as the name of one of its IAX2 sections: it must be `U.id`. Both ends share one secret.
 */
function interSite(ctx: RuleContext): void {
  const trunks = [...ctx.each(ctx.enterprise.trunks)].filter(([t]) => t.protocol === 'IAX' && t.peerCluster !== undefined && t.peerCluster !== t.cluster);
  const clusters = new Set([...ctx.each(ctx.enterprise.clusters)].map(([c]) => c.id));
  for (const [t, i] of trunks) {
    const peer = t.peerCluster as string;
    // An unknown peer cluster is a reference error, reported elsewhere.
    if (!clusters.has(peer)) continue;
    const base = { trunk: t.id, cluster: t.cluster, peerCluster: peer };
    const back = trunks.find(([u]) => u.cluster === peer && u.peerCluster === t.cluster);
    if (back === undefined) {
      ctx.report('trunk.peer-mismatch', ['trunks', i, 'peerCluster'], { ...base, reason: 'no-trunk-back' });
      continue;
    }
    const [u, j] = back;
    const related = [{ path: ['trunks', j] as (string | number)[] }];
    const username = t.auth?.username ?? t.cluster;
    if (username !== u.id) {
      ctx.report('trunk.peer-mismatch', ['trunks', i, ...(t.auth ? ['auth', 'username'] : ['auth'])], { ...base, peerTrunk: u.id, reason: 'username', username, expected: u.id }, { related });
    }
    if (!sameSecret(t, u)) ctx.report('trunk.peer-mismatch', ['trunks', i, 'auth'], { ...base, peerTrunk: u.id, reason: 'secret' }, { related });
  }
}

/** False when the two ends certainly differ; a reference against an inline value cannot be judged here. */
function sameSecret(t: Trunk, u: Trunk): boolean {
  const a: Secret | undefined = t.auth?.secret;
  const b: Secret | undefined = u.auth?.secret;
  if (a === undefined || b === undefined) return a === b;
  const ia = inlineSecret(a);
  const ib = inlineSecret(b);
  if (ia !== undefined && ib !== undefined) return ia === ib;
  if (ia === undefined && ib === undefined) return describeSecret(a) === describeSecret(b);
  return true;
}

/** Inter-site IAX2 trunks come in pairs whose usernames and secrets match (`trunk.peer-mismatch`). */
export const INTER_SITE: Rule = { name: 'inter-site', lifecycle: 'common', run: interSite };

function acceptsFrom(ctx: RuleContext, aclId: string, address: string): boolean | undefined {
  const acl = ctx.index.acls.get(aclId)?.item;
  const ip = parseIpv4(address);
  if (acl === undefined || ip === undefined) return undefined;
  const within = (nets: readonly string[] | undefined): boolean => (nets ?? []).some((n) => {
    const net = parseIpv4Network(n);
    return net !== undefined && inIpv4Network(ip, net);
  });
  // acl.conf semantics as rendered: deny rules first (default: everything), then the permits.
  return within(acl.permit);
}

/**
 * Every cluster reaches every other cluster's extensions: through an inter-site trunk, or because
 * the number is also local, roaming (DUNDi) or a standard number. Inter-site trunk ACLs admit the peer.
 */
function interSiteRoutes(ctx: RuleContext): void {
  const e = ctx.enterprise;
  const clusters = [...ctx.each(e.clusters)];
  const trunks = [...ctx.each(e.trunks)].filter(([t]) => t.protocol === 'IAX' && t.peerCluster !== undefined);
  const linked = new Set(trunks.map(([t]) => `${t.cluster}\u0000${t.peerCluster as string}`));
  // Numbers each cluster owns that other clusters must route to it.
  const owned = new Map<string, string[]>();
  for (const [x] of ctx.each(e.extensions)) {
    if (x.roaming === true || x.standardNumber === true) continue;
    const list = owned.get(x.cluster);
    if (list === undefined) owned.set(x.cluster, [x.number]);
    else list.push(x.number);
  }
  for (const [a, ai] of clusters) {
    for (const [b] of clusters) {
      if (a.id === b.id || linked.has(`${a.id}\u0000${b.id}`)) continue;
      const numbers = (owned.get(b.id) ?? []).filter((n) => ctx.index.extension(a.id, n) === undefined).sort();
      if (numbers.length === 0) continue;
      ctx.report('cluster.no-route', ['clusters', ai], { cluster: a.id, otherCluster: b.id, count: numbers.length, witness: numbers[0] });
    }
  }
  for (const [t, i] of trunks) {
    if (t.acl === undefined) continue;
    const peer = ctx.index.clusters.get(t.peerCluster as string)?.item;
    if (peer === undefined || !ctx.sound(peer)) continue;
    const addresses = [...peer.servers.map((s) => s.address), ...(ctx.sound(peer.voiceVip) ? [peer.voiceVip.address] : [])];
    const verdicts = addresses.map((a) => acceptsFrom(ctx, t.acl as string, a));
    if (verdicts.every((v) => v === false)) ctx.report('trunk.acl-blocks-peer', ['trunks', i, 'acl'], { trunk: t.id, cluster: t.cluster, peerCluster: peer.id, acl: t.acl, addresses });
  }
}

/** Clusters can route to each other's extensions, and inter-site trunk ACLs admit the peer (`cluster.no-route`, `trunk.acl-blocks-peer`). */
export const INTER_SITE_ROUTES: Rule = { name: 'inter-site-routes', lifecycle: 'common', run: interSiteRoutes };
