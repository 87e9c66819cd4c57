import type { Deployer, DeploymentPlan, Enterprise, Store } from '@acm/core';
import { renderServers, type RenderOptions, type RenderedFile } from './render-enterprise.js';

/**
 * Renders the files of every server of the given clusters and diffs them against each cluster's
 * last deployment: one {@link DeploymentPlan} per cluster, ready for `deployer.apply`. The plans
 * remember the journal head read before rendering, so edits made meanwhile stay "waiting".
 * Throws {@link RenderError} when the enterprise cannot be rendered.
 *
 * @example
 * ```ts
 * const plans = await planDeployments(store, deployer, enterprise, { clusters: ['tpa1'] });
 * for (const p of plans) if (p.hasChanges) await deployer.apply(p, { actor: 'alice' });
 * ```
 */
export async function planDeployments(store: Store, deployer: Deployer, enterprise: Enterprise, options: RenderOptions = {}): Promise<DeploymentPlan[]> {
  const clusters = options.clusters ?? enterprise.clusters.map((c) => c.id);
  const head = (await store.journal({ limit: 1 }))[0]?.id ?? 0;
  // Only the servers' files of the asked clusters: provisioning, number plan and zones are not deployed here.
  const rendered = renderServers(enterprise, { ...options, clusters });
  const out: DeploymentPlan[] = [];
  for (const cluster of clusters) {
    const files = new Map<string, readonly RenderedFile[]>();
    for (const s of rendered) if (s.cluster === cluster) files.set(s.server, s.files);
    out.push(await deployer.plan(cluster, files, { journalId: head }));
  }
  return out;
}
