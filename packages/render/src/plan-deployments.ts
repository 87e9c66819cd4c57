import { diag, type Deployer, type DeploymentPlan, type Diagnostic, type Enterprise, type Store } from '@acm/core';
import { renderServers, type RenderOptions, type RenderedFile } from './render-enterprise.js';

/** What {@link planDeployments} returns: one plan per cluster that could be rendered, and every problem met. */
export interface DeploymentPlans {
  /** One plan per asked cluster whose servers all rendered, in the order asked. */
  readonly plans: readonly DeploymentPlan[];
  /** The render's diagnostics (model paths), plus `render.cluster-not-planned` for each cluster left out. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Renders the files of every server of the given clusters and diffs them against each cluster's
 * last deployment: one {@link DeploymentPlan} per cluster, ready for `deployer.apply`. The plans
 * remember the journal head read before rendering, so edits made meanwhile stay "waiting".
 * Never throws for bad data: a cluster one of whose servers cannot be rendered correctly gets no
 * plan (a cluster is deployed whole) and the reasons are in `diagnostics`.
 *
 * @example
 * ```ts
 * const { plans, diagnostics } = await planDeployments(store, deployer, enterprise, { clusters: ['tpa1'] });
 * if (hasErrors(diagnostics)) report(diagnostics);
 * for (const p of plans) if (p.hasChanges) await deployer.apply(p, { actor: 'alice' });
 * ```
 */
export async function planDeployments(store: Store, deployer: Deployer, enterprise: Enterprise, options: RenderOptions = {}): Promise<DeploymentPlans> {
  const clusters = options.clusters ?? enterprise.clusters.map((c) => c.id);
  const head = (await store.journal({ limit: 1 }))[0]?.id ?? 0;
  // Only the servers' files of the asked clusters: provisioning, number plan and zones are not deployed here.
  const rendered = renderServers(enterprise, { ...options, clusters });
  const diagnostics: Diagnostic[] = [...rendered.diagnostics];
  const plans: DeploymentPlan[] = [];
  for (const id of clusters) {
    const ci = enterprise.clusters.findIndex((c) => c.id === id);
    const cluster = enterprise.clusters[ci];
    if (!cluster) continue; // reported by the render (render.unknown-cluster)
    const files = new Map<string, readonly RenderedFile[]>();
    for (const s of rendered.servers) if (s.cluster === id) files.set(s.server, s.files);
    const missing = cluster.servers.filter((s) => !files.has(s.id)).map((s) => s.id);
    if (missing.length > 0) {
      diagnostics.push(diag('render.cluster-not-planned', ['clusters', ci], { cluster: id, servers: missing }));
      continue;
    }
    plans.push(await deployer.plan(id, files, { journalId: head }));
  }
  return { plans, diagnostics };
}
