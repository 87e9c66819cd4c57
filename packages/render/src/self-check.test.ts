// Self-check: the dialplan read back with core's Asterisk config reader holds exactly the claims of
// the number space, and routes every other cluster's number to that cluster.
import { join } from 'node:path';
import { SYNTHETIC_SIZES, buildNumberSpace, generateEnterprise, loadEnterprise, parseAsteriskConfig, patternToRegex, profileIncludes, type Enterprise } from '@acm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSecretResolver, renderEnterprise } from './index.js';

/** Claim context of a rendered context: acm-local = internal, acm-feature-x = feature-x, acm-out-c = class-c. */
function claimContext(name: string): string | undefined {
  if (name === 'acm-local') return 'internal';
  if (name === 'acm-emergency') return 'emergency';
  if (name.startsWith('acm-feature-')) return `feature-${name.slice('acm-feature-'.length)}`;
  if (name.startsWith('acm-out-') && name !== 'acm-out-internal') return `class-${name.slice('acm-out-'.length)}`;
  return undefined;
}

interface ReadBack { claims: Set<string>; includes: Map<string, string[]>; internal: { exten: string; app: string }[]; roaming: Set<string> }

function readBack(content: string): ReadBack {
  const cfg = parseAsteriskConfig(content);
  const out: ReadBack = { claims: new Set(), includes: new Map(), internal: [], roaming: new Set() };
  for (const sec of cfg.sections) {
    const ctx = claimContext(sec.name);
    const inc: string[] = [];
    let last = '';
    for (const e of sec.entries) {
      if (e.key === 'include') inc.push(e.value);
      if (e.key !== 'exten') continue;
      const [exten, prio, ...app] = e.value.split(',');
      if (prio !== '1') continue;
      last = exten as string;
      if (ctx) out.claims.add(`${ctx} ${exten}`);
      if (sec.name === 'acm-out-internal') out.internal.push({ exten: last, app: app.join(',') });
      if (sec.name === 'acm-roaming') out.roaming.add(last);
    }
    out.includes.set(sec.name, inc);
  }
  return out;
}

const compiled = new Map<string, RegExp>();
const matches = (exten: string, n: string): boolean => {
  let re = compiled.get(exten);
  if (!re) compiled.set(exten, (re = new RegExp(`^${patternToRegex(exten) ?? '(?!)'}$`)));
  return re.test(n);
};

function selfCheck(enterprise: Enterprise): void {
  const result = renderEnterprise(enterprise, { secrets: createSecretResolver({ env: {} }) });
  const space = buildNumberSpace(enterprise);
  const claims = space.allClaims();
  const roamingNumbers = new Set(enterprise.extensions.filter((e) => e.roaming).map((e) => e.number));
  for (const cluster of enterprise.clusters) {
    const server = result.servers.find((s) => s.cluster === cluster.id)!;
    const back = readBack(server.files.find((f) => f.path.endsWith('extensions.conf'))!.content);
    const mine = claims.filter((c) => c.cluster === cluster.id);
    // 1. Exactly the claims of this cluster, context by context.
    expect([...back.claims].sort(), cluster.id).toEqual([...new Set(mine.map((c) => `${c.context} ${c.extension}`))].sort());
    // 2. Each rights profile includes the claim contexts the number space says it does (those with claims here).
    const live = new Set(mine.map((c) => c.context));
    for (const p of enterprise.rightsProfiles) {
      const rendered = (back.includes.get(p.id) ?? []).map(claimContext).filter((c): c is string => c !== undefined);
      expect(new Set(rendered), `${cluster.id} ${p.id}`).toEqual(new Set(profileIncludes(enterprise, p).filter((c) => live.has(c))));
    }
    // 3. Every number another cluster holds is reachable: here (acm-local first), by DUNDi, or by the
    //    acm-out-internal block of a trunk to a cluster that holds it.
    const here = new Set(mine.filter((c) => c.context === 'internal').map((c) => c.extension));
    const peers = new Map(enterprise.trunks.filter((t) => t.cluster === cluster.id && t.protocol === 'IAX' && t.peerCluster).map((t) => [t.id, t.peerCluster as string]));
    const holders = new Map<string, Set<string>>();
    for (const c of claims) if (c.context === 'internal') { if (!holders.has(c.extension)) holders.set(c.extension, new Set()); holders.get(c.extension)!.add(c.cluster); }
    for (const [n, on] of holders) {
      if (here.has(n)) continue;
      if (roamingNumbers.has(n)) { expect(back.roaming.has(n), `${cluster.id} roaming ${n}`).toBe(true); continue; }
      const hits = back.internal.filter((x) => matches(x.exten, n));
      const reachable = [...on].some((c) => [...peers.values()].includes(c));
      if (!reachable) { expect(hits, `${cluster.id} ${n}`).toEqual([]); continue; }
      // A standard number held by two clusters may match a block of each: any of them answers.
      expect(hits.length, `${cluster.id} ${n}`).toBeGreaterThan(0);
      for (const h of hits) {
        const trunk = /IAX2\/([^/]+)\//.exec(h.app)![1]!;
        expect(on.has(peers.get(trunk)!), `${cluster.id} ${n} -> ${trunk} by ${h.exten}`).toBe(true);
      }
    }
  }
}

describe('self-check against the number space', () => {
  let demo: Enterprise;
  beforeAll(async () => {
    demo = (await loadEnterprise(join(__dirname, '..', '..', '..', 'examples', 'enterprise'))).enterprise as Enterprise;
  });
  it('the demo dialplan holds exactly the number space, and routes other clusters\' numbers to them', () => {
    selfCheck(demo);
  });
  it('so does a synthetic enterprise with a full mesh of inter-site trunks (blocks, ranges, roaming, standard numbers)', () => {
    // Four clusters: each one's roaming and standard numbers also live on the next, whose group
    // ranges then cover the first one's numbers (they must be cut out of those blocks).
    selfCheck(generateEnterprise({ ...SYNTHETIC_SIZES.S, name: 'S4', extensions: 2_000, clusters: 4, sites: 2 }));
  });
});
