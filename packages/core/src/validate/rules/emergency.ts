import type { Trunk } from '../../model/trunk.js';
import type { Rule, RuleContext } from '../rule.js';

/**
 * The trunks of a cluster that carry a call class: those listing it in `callClasses`; for an
 * emergency class (or the site's emergency numbers, `classId` undefined) with none, every trunk
 * that carries any class, so that an emergency call leaves over whatever goes out.
 */
export function trunksServing(trunks: readonly Trunk[], classId: string | undefined, emergency: boolean): Trunk[] {
  const serving = classId === undefined ? [] : trunks.filter((t) => Array.isArray(t.callClasses) && t.callClasses.includes(classId));
  if (serving.length > 0 || !emergency) return serving;
  return trunks.filter((t) => Array.isArray(t.callClasses) && t.callClasses.length > 0);
}

function emergency(ctx: RuleContext): void {
  const e = ctx.enterprise;
  const trunksOf = new Map<string, Trunk[]>();
  for (const [t] of ctx.each(e.trunks)) {
    const list = trunksOf.get(t.cluster) ?? [];
    list.push(t);
    trunksOf.set(t.cluster, list);
  }
  const sites = new Map([...ctx.each(e.sites)].map(([s, i]) => [s.id, { site: s, index: i }]));
  const classes = [...ctx.each(e.callClasses)].filter(([c]) => c.emergency === true);
  for (const [cluster, ci] of ctx.each(e.clusters)) {
    const site = sites.get(cluster.site);
    if (site === undefined) continue;
    const trunks = trunksOf.get(cluster.id) ?? [];
    const numbers = Array.isArray(site.site.dialing?.emergencyNumbers) ? site.site.dialing.emergencyNumbers : [];
    // The site's emergency numbers leave over any trunk that carries a class (render's acm-emergency).
    const routed = new Set<string>();
    for (const [cc, cci] of classes) {
      (Array.isArray(cc.patterns) ? cc.patterns : []).forEach((p, pi) => {
        if (typeof p !== 'object' || p === null || typeof p.pattern !== 'string') return;
        if (Array.isArray(p.sites) && !p.sites.includes(cluster.site)) return;
        routed.add(p.pattern);
        if (trunksServing(trunks, cc.id, true).length === 0) {
          ctx.report('emergency.no-route', ['clusters', ci], { cluster: cluster.id, number: p.pattern, callClass: cc.id }, { related: [{ path: ['callClasses', cci, 'patterns', pi] }] });
        }
      });
    }
    if (trunksServing(trunks, undefined, true).length > 0) continue;
    numbers.forEach((n, k) => {
      if (typeof n !== 'string' || routed.has(n)) return;
      ctx.report('emergency.no-route', ['clusters', ci], { cluster: cluster.id, number: n }, { related: [{ path: ['sites', site.index, 'dialing', 'emergencyNumbers', k] }] });
    });
  }
}

/** Every emergency number a cluster's phones can dial leaves the cluster over a trunk (else Asterisk answers Congestion). */
export const EMERGENCY: Rule = { name: 'emergency-route', lifecycle: 'common', run: emergency };
