import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnterprise, type Enterprise } from '@acm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSecretResolver, renderEnterprise } from './index.js';
import { renderServers } from './render-enterprise.js';

// The shortcuts planDeployments takes for speed (servers only, built-in templates compiled once per
// process, one cluster's extensions sorted) must not change a byte of what is rendered.
const here = dirname(fileURLToPath(import.meta.url));
let demo: Enterprise;
const secrets = createSecretResolver({ env: {} });

beforeAll(async () => {
  demo = (await loadEnterprise(join(here, '..', '..', '..', 'examples', 'enterprise'))).enterprise as Enterprise;
});

describe('renderServers', () => {
  it('renders the same server files as renderEnterprise, for every cluster and for one', () => {
    expect(renderServers(demo, { secrets })).toEqual({ servers: renderEnterprise(demo, { secrets }).servers, diagnostics: [] });
    expect(renderServers(demo, { secrets, clusters: ['tpa1'] }).servers).toEqual(renderEnterprise(demo, { secrets }).servers.filter((s) => s.cluster === 'tpa1'));
  });

  it('renders one cluster alone exactly as within a whole-enterprise render (its extensions sorted on demand)', () => {
    const all = renderEnterprise(demo, { secrets });
    for (const c of demo.clusters) {
      // A fresh render per cluster: its own index, in which only that cluster's extensions get sorted.
      expect(renderEnterprise(demo, { secrets, clusters: [c.id] }).servers).toEqual(all.servers.filter((s) => s.cluster === c.id));
    }
  });

  it('still reads override templates per render: a changed override shows up while built-ins stay cached', () => {
    const root = mkdtempSync(join(tmpdir(), 'acm-render-tpl-'));
    try {
      const dir = join(root, 'clusters', 'tpa1');
      mkdirSync(dir, { recursive: true });
      const file = (r: ReturnType<typeof renderServers>, server: string, path: string): string | undefined =>
        r.servers.find((s) => s.server === server)?.files.find((f) => f.path === path)?.content;
      writeFileSync(join(dir, 'README.acm.hbs'), 'first {{cluster.id}}\n');
      expect(file(renderServers(demo, { secrets, clusters: ['tpa1'], templateRoot: root }), 'ast16', 'README.acm')).toBe('first tpa1\n');
      writeFileSync(join(dir, 'README.acm.hbs'), 'second {{cluster.id}}\n');
      const again = renderServers(demo, { secrets, clusters: ['tpa1'], templateRoot: root });
      expect(file(again, 'ast16', 'README.acm')).toBe('second tpa1\n');
      // The other files still come from the built-in templates, unchanged.
      const builtin = renderServers(demo, { secrets, clusters: ['tpa1'] });
      expect(file(again, 'ast16', 'etc/asterisk/pjsip.conf')).toBe(file(builtin, 'ast16', 'etc/asterisk/pjsip.conf'));
      expect(file(builtin, 'ast16', 'README.acm')).not.toBe('second tpa1\n');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
