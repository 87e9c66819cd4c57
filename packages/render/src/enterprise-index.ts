import { INTERNAL_CLAIM_PROVIDERS, INTERNAL_CONTEXT, collectClaims, trustedSource, type Enterprise, type Extension } from '@acm/core';
import { compareNumbers, numberBlocks, sortedNumbers, type SortedNumbers } from './number-blocks.js';

/**
 * What every cluster's render needs from the whole enterprise, computed once per render: the
 * extensions of each cluster in number order, the roaming ones, and (lazily) the number blocks that
 * route each cluster's numbers from the other clusters.
 */
export interface EnterpriseIndex {
  /** Extensions of a cluster, sorted by number. */
  extensionsOf(cluster: string): readonly Extension[];
  /** Roaming extensions of the whole enterprise, sorted by number. */
  readonly roaming: readonly Extension[];
  /**
   * Asterisk extensions (literals and `_` patterns) matching exactly the numbers a cluster answers in
   * its internal context, plus the unused numbers of its groups' ranges on it; numbers of other
   * clusters and roaming numbers (DUNDi finds those) are cut out of those ranges.
   */
  blocksOf(cluster: string): readonly string[];
}

/** Builds the {@link EnterpriseIndex} of an enterprise. */
export function indexEnterprise(enterprise: Enterprise): EnterpriseIndex {
  const byCluster = new Map<string, Extension[]>();
  for (const e of enterprise.extensions) {
    let list = byCluster.get(e.cluster);
    if (!list) byCluster.set(e.cluster, (list = []));
    list.push(e);
  }
  // Sorted on first use: a render of one cluster sorts that cluster's extensions only.
  const sorted = new Set<string>();
  const roaming = enterprise.extensions.filter((e) => e.roaming === true).sort((a, b) => compareNumbers(a.number, b.number));
  let internal: Map<string, string[]> | undefined;
  let everyNumber: SortedNumbers | undefined;
  const others: string[] = [];
  const blocks = new Map<string, readonly string[]>();
  return {
    extensionsOf(cluster) {
      const list = byCluster.get(cluster);
      if (list === undefined) return [];
      if (!sorted.has(cluster)) {
        list.sort((a, b) => compareNumbers(a.number, b.number));
        sorted.add(cluster);
      }
      return list;
    },
    roaming,
    blocksOf(cluster) {
      let hit = blocks.get(cluster);
      if (hit) return hit;
      if (!internal) {
        // The numbers the number space holds in each cluster's internal context.
        internal = new Map();
        const roamingNumbers = new Set(roaming.map((e) => e.number));
        for (const c of collectClaims(trustedSource(enterprise), INTERNAL_CLAIM_PROVIDERS)) {
          if (c.context !== INTERNAL_CONTEXT || c.extension.startsWith('_')) continue;
          // Roaming numbers are found by DUNDi (acm-roaming), never by block.
          if (c.kind === 'extension' && c.multiCluster === true && roamingNumbers.has(c.extension)) {
            others.push(c.extension);
            continue;
          }
          let list = internal.get(c.cluster);
          if (!list) internal.set(c.cluster, (list = []));
          list.push(c.extension);
        }
        everyNumber = sortedNumbers([...internal.values()].flat().concat(others));
      }
      const ranges = enterprise.groups.flatMap((g) => (g.ranges ?? []).filter((r) => r.cluster === cluster));
      // Cutting a cluster's own numbers out of its ranges is harmless: they come back as numbers.
      hit = numberBlocks(internal.get(cluster) ?? [], ranges, everyNumber as SortedNumbers);
      blocks.set(cluster, hit);
      return hit;
    },
  };
}
