import { describeSecret, inlineSecret, type Secret } from '../../model/secret.js';
import type { Trunk } from '../../model/trunk.js';
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
