import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The built binary, as users run it (npm test builds first).
const root = new URL('../../../', import.meta.url).pathname;
const acmIn = (cwd: string, ...args: string[]): { code: number | null; out: string; err: string } => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.ACM_DATABASE_URL;
  delete env.ACM_CONFIG;
  const r = spawnSync(process.execPath, [join(root, 'packages/cli/dist/bin.js'), ...args], { cwd, encoding: 'utf8', env });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const acm = (...args: string[]): { code: number | null; out: string; err: string } => acmIn(root, ...args);

describe('acm validate', () => {
  it('exits 0 on the demo (warnings only) and prints grouped findings', () => {
    const r = acm('validate', 'examples/enterprise');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Warnings \(\d+\)$/m);
    expect(r.out).toContain('examples/enterprise/sites/ams.yaml:');
    expect(r.out).toMatch(/examples\/enterprise: 0 errors, \d+ warnings/);
  });

  it('prints one JSON document with --json, and never a secret', () => {
    const r = acm('validate', 'examples/enterprise', '--json');
    const doc = JSON.parse(r.out) as { valid: boolean; counts: { error: number }; diagnostics: { code: string }[] };
    expect(doc.valid).toBe(true);
    expect(doc.counts.error).toBe(0);
    // The TELNYX-1 trunk secret of the guide and a demo SIP secret must not leak.
    expect(r.out).not.toContain('kjdshfkjsdhf8');
    expect(r.out).not.toMatch(/"secret"/);
  });

  it('exits 1 on errors and filters with --min-severity', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'acm-cli-'));
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'name: X\ntopology: central\nsites:\n  - { id: a, name: A, timezone: UTC, dialing: { countryCode: "1", emergencyNumbers: ["911"] } }\nclusters:\n  - { id: c, site: b, voiceVip: { address: 10.0.0.1, interface: eth0 }, dundiEid: "00:00:00:00:00:01", servers: [{ id: s1, hostname: s1, address: 10.0.0.2, role: primary }] }\n');
    const r = acm('validate', file, '--min-severity', 'error', '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { diagnostics: { code: string; severity: string; source: { line: number } }[] };
    expect(doc.diagnostics.map((d) => [d.code, d.severity, d.source.line])).toEqual([['ref.unknown', 'error', 6]]);
  });

  it('exits 2 with one line and no stack trace on unreadable input and usage errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'acm-cli-'));
    await writeFile(join(dir, 'broken.json'), '{"name": "X",');
    const broken = acm('validate', join(dir, 'broken.json'));
    expect(broken.code).toBe(2);
    expect(broken.out).toContain('load.syntax');
    expect(broken.out + broken.err).not.toMatch(/\n\s+at /);
    const usage = acm('validate', 'examples/enterprise', '--min-severity', 'loud');
    expect(usage.code).toBe(2);
    expect(usage.err.trim().split('\n')).toHaveLength(1);
    expect(usage.err).toContain('--min-severity');
    expect(acm('validate', '--bogus').code).toBe(2);
    expect(acm('nosuchcommand').code).toBe(2);
  });

  it('answers --version and --help on every command', () => {
    expect(acm('--version').out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = acm('validate', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('--min-severity');
  });
});

describe('acm demo (the main job)', () => {
  it('validates, imports into SQLite, commits every cluster to local server directories, and shows live status', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'acm-demo-'));
    const r = acmIn(cwd, 'demo', '--json');
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out) as {
      counts: { error: number };
      deployments: { cluster: string; ok: boolean; id: number | null; servers: string[] }[];
      status: { servers: { ok: boolean }[]; extensions: { group: string; extension: string }[] };
    };
    expect(doc.counts.error).toBe(0);
    // Five clusters, each deployed once to its two servers.
    expect(doc.deployments.map((d) => [d.cluster, d.ok, d.servers.length])).toEqual([['ams', true, 2], ['lon', true, 2], ['sfo', true, 2], ['tpa1', true, 2], ['tpa2', true, 2]]);
    expect(existsSync(join(cwd, 'acm.db'))).toBe(true);
    expect(readFileSync(join(cwd, 'acm-demo-servers/tpa1/ast16/etc/asterisk/pjsip.conf'), 'utf8')).toContain('[6101]');
    // Every server's simulator was polled; USSales has 9 agents on tpa1 and 2 on tpa2 (the guide's tables).
    expect(doc.status.servers.every((s) => s.ok)).toBe(true);
    expect(doc.status.extensions.map((e) => e.extension)).toEqual(['6101', '6102', '6103', '6104', '6105', '6106', '6107', '6108', '6109', '5709', '5710']);
    // A second run finds nothing to deploy.
    const again = JSON.parse(acmIn(cwd, 'demo', '--json').out) as { deployments: { id: number | null }[] };
    expect(again.deployments.every((d) => d.id === null)).toBe(true);
    const human = acmIn(cwd, 'demo');
    expect(human.out).toMatch(/^tpa1\s+tpa\s+2\s+\d+/m);
    expect(human.out).toContain('Current Extension Status');
  }, 60_000);
});

describe('acm dialplan', () => {
  it('classifies numbers as dp_translate does (the talk\'s table)', () => {
    const toip = acm('dialplan', 'classify', '05771530123', 'examples/unisi', '--json');
    expect(toip.code).toBe(0);
    // ^05771530(.{3})$ is rule 14, attrs toip; no subst/repl, so the number is unchanged.
    expect(JSON.parse(toip.out)).toMatchObject({ status: 'translated', rule: { id: 14 }, attrs: 'toip', output: '05771530123' });
    const emergency = acm('dialplan', 'classify', '112', 'examples/unisi');
    expect(emergency.code).toBe(1);
    expect(emergency.out).toContain('no rule of dpid 0 matches');
    expect(acm('dialplan', 'classify', '112', 'examples/unisi', '--dpid', 'x').code).toBe(2);
  });

  it('checks the number plan: gaps and unclassified emergency numbers, no overlaps', () => {
    const r = acm('dialplan', 'check', 'examples/unisi', '--json');
    expect(r.code).toBe(1);
    const codes = (JSON.parse(r.out) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
    expect(codes.filter((c) => c === 'dialplan.dp-unclassified')).toHaveLength(2);
    expect(codes).not.toContain('dialplan.dp-rule-overlap');
  });
});
