import { INTERNAL_CLAIM_PROVIDERS, INTERNAL_CONTEXT, trustedSource, type Enterprise, type Extension } from '@acm/core';
import { NumberSet, compareNumbers, numberBlocks, type SortedNumbers } from './number-blocks.js';

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
  let internal: Map<string, NumberSet> | undefined;
  let everyNumber: SortedNumbers | undefined;
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
        const byCluster = new Map<string, NumberSet>();
        const roamingSet = new NumberSet();
        const roamingNumbers = new Set(roaming.map((e) => e.number));
        // Claims are looked at one by one and dropped: they die young instead of filling the heap.
        const source = trustedSource(enterprise);
        for (const provider of INTERNAL_CLAIM_PROVIDERS) {
          provider.claims(source, (c) => {
            if (c.context !== INTERNAL_CONTEXT || c.extension.startsWith('_')) return;
            // Roaming numbers are found by DUNDi (acm-roaming), never by block.
            if (c.kind === 'extension' && c.multiCluster === true && roamingNumbers.has(c.extension)) {
              roamingSet.add(c.extension);
              return;
            }
            let set = byCluster.get(c.cluster);
            if (!set) byCluster.set(c.cluster, (set = new NumberSet()));
            set.add(c.extension);
          });
        }
        internal = byCluster;
        everyNumber = NumberSet.union([...byCluster.values(), roamingSet]);
      }
      const ranges = enterprise.groups.flatMap((g) => (g.ranges ?? []).filter((r) => r.cluster === cluster));
      // Cutting a cluster's own numbers out of its ranges is harmless: they come back as numbers.
      hit = numberBlocks(internal.get(cluster) ?? new NumberSet(), ranges, everyNumber as SortedNumbers);
      blocks.set(cluster, hit);
      return hit;
    },
  };
}
