import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deployer, LocalDirectoryTarget, Store, loadEnterprise, type Enterprise } from '@acm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRenderContext, createSecretResolver, planDeployments, renderEnterprise } from './index.js';

// The renderer reports every problem it meets as a diagnostic with a model path, and leaves out what
// it cannot render correctly instead of throwing at the first problem.
const here = dirname(fileURLToPath(import.meta.url));
const secrets = createSecretResolver({ env: {} });
let demo: Enterprise;

beforeAll(async () => {
  demo = (await loadEnterprise(join(here, '..', '..', '..', 'examples', 'enterprise'))).enterprise as Enterprise;
});

/** The demo with two independent problems: lon's SIP-32 secret in an unset variable, an sfo extension in no group. */
function broken(): { enterprise: Enterprise; trunk: number; ext: number } {
  const trunk = demo.trunks.findIndex((t) => t.cluster === 'lon' && t.auth !== undefined && t.protocol === 'SIP');
  const ext = demo.extensions.findIndex((e) => e.cluster === 'sfo');
  const enterprise: Enterprise = {
    ...demo,
    trunks: demo.trunks.map((t, i) => (i === trunk ? { ...t, auth: { ...t.auth!, secret: { env: 'ACM_TEST_UNSET' } } } : t)),
    extensions: demo.extensions.map((e, i) => (i === ext ? { ...e, group: 'NoSuchGroup' } : e)),
  };
  return { enterprise, trunk, ext };
}

const ci = (id: string): number => demo.clusters.findIndex((c) => c.id === id);
const problems = (ds: readonly { code: string; path: readonly (string | number)[]; data: Readonly<Record<string, unknown>> }[]) =>
  ds.map((d) => ({ code: d.code, path: d.path, data: d.data }));

describe('render diagnostics', () => {
  it('returns both problems of an enterprise with two, with their model paths, and renders the rest', () => {
    const { enterprise, trunk, ext } = broken();
    const r = renderEnterprise(enterprise, { secrets });
    const lon = demo.clusters[ci('lon')]!;
    const sfo = demo.clusters[ci('sfo')]!;
    expect(problems(r.diagnostics.filter((d) => !d.code.endsWith('-left-out')))).toEqual([
      { code: 'render.secret-unresolved', path: ['trunks', trunk, 'auth', 'secret'], data: { field: `trunks[${trunk}].auth.secret`, reason: 'env-unset', detail: expect.any(String) as string } },
      { code: 'ref.unknown', path: ['extensions', ext, 'group'], data: { kind: 'group', value: 'NoSuchGroup' } },
    ]);
    // Their clusters' servers are left out and said so; every other server is rendered.
    const byServer = (a: unknown[], b: unknown[]): number => String(a[1]).localeCompare(String(b[1]));
    const leftOut = r.diagnostics.filter((d) => d.code === 'render.server-left-out').map((d) => [d.path, d.data.server]);
    expect(leftOut.sort(byServer)).toEqual([
      ...lon.servers.map((s, i) => [['clusters', ci('lon'), 'servers', i], s.id]),
      ...sfo.servers.map((s, i) => [['clusters', ci('sfo'), 'servers', i], s.id]),
    ].sort(byServer));
    expect(new Set(r.servers.map((s) => s.cluster))).toEqual(new Set(['ams', 'tpa1', 'tpa2']));
    expect(r.servers.length).toBe(demo.clusters.filter((c) => !['lon', 'sfo'].includes(c.id)).reduce((n, c) => n + c.servers.length, 0));
    // No secret value in any finding.
    expect(JSON.stringify(r.diagnostics)).not.toContain(String(demo.trunks[trunk]!.auth!.secret));
  });

  it('reports a bad template override and an unknown asked cluster instead of throwing', () => {
    const root = mkdtempSync(join(tmpdir(), 'acm-render-bad-'));
    try {
      mkdirSync(join(root, 'clusters', 'tpa1'), { recursive: true });
      writeFileSync(join(root, 'clusters', 'tpa1', 'README.acm.hbs'), '{{no.such.value}}\n');
      const r = renderEnterprise(demo, { secrets, templateRoot: root, clusters: ['tpa1', 'nope', 'ams'] });
      const tpl = r.diagnostics.find((d) => d.code === 'render.template');
      expect(tpl?.path).toEqual(['clusters', ci('tpa1')]);
      expect(tpl?.data.template).toBe(join(root, 'clusters', 'tpa1', 'README.acm.hbs'));
      expect(problems(r.diagnostics.filter((d) => d.code === 'render.unknown-cluster'))).toEqual([{ code: 'render.unknown-cluster', path: ['clusters'], data: { cluster: 'nope' } }]);
      // README.acm is per server: both tpa1 servers fail and are left out; ams renders.
      expect(r.diagnostics.filter((d) => d.code === 'render.server-left-out').map((d) => d.data.server).sort()).toEqual(['ast15', 'ast16']);
      expect(r.servers.map((s) => s.cluster)).toEqual(['ams', 'ams']);
      expect(renderEnterprise(demo, { secrets, templateRoot: join(root, 'missing') }).diagnostics.map((d) => d.code)).toEqual(['render.template-root']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('buildRenderContext returns diagnostics and no context for a server that cannot be rendered', () => {
    const { enterprise, trunk } = broken();
    const bad = buildRenderContext(enterprise, 'lon', demo.clusters[ci('lon')]!.servers[0]!.id, secrets);
    expect(bad.context).toBeUndefined();
    expect(bad.diagnostics.map((d) => [d.code, d.path])).toEqual([['render.secret-unresolved', ['trunks', trunk, 'auth', 'secret']]]);
    expect(buildRenderContext(enterprise, 'lon', 'nope', secrets).diagnostics.map((d) => d.code)).toEqual(['render.unknown-server']);
    expect(buildRenderContext(enterprise, 'ams', 'ast51', secrets).context?.server.id).toBe('ast51');
  });

  it('planDeployments plans the clusters that render and names the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acm-plan-diag-'));
    const store = await Store.open(`sqlite:${join(dir, 'acm.db')}`);
    try {
      const { enterprise, trunk } = broken();
      const deployer = new Deployer(store, { transport: (cluster, server) => ({ files: new LocalDirectoryTarget(join(dir, cluster, server)) }) });
      const { plans, diagnostics } = await planDeployments(store, deployer, enterprise, { secrets, clusters: ['lon', 'ams'] });
      expect(plans.map((p) => p.cluster)).toEqual(['ams']);
      expect(diagnostics.find((d) => d.code === 'render.secret-unresolved')?.path).toEqual(['trunks', trunk, 'auth', 'secret']);
      expect(problems(diagnostics.filter((d) => d.code === 'render.cluster-not-planned'))).toEqual([
        { code: 'render.cluster-not-planned', path: ['clusters', ci('lon')], data: { cluster: 'lon', servers: demo.clusters[ci('lon')]!.servers.map((s) => s.id) } },
      ]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
