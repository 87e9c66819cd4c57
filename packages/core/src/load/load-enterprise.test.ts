import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnterprise, parseEnterprise, withSources } from './load-enterprise.js';
import { saveEnterprise, serializeEnterprise } from './save-enterprise.js';
import { validate } from '../validate/validate.js';

const DEMO = new URL('../../../../examples/enterprise', import.meta.url).pathname;
const at = (d: { source?: { line: number; column: number } }): [number, number] | undefined => (d.source === undefined ? undefined : [d.source.line, d.source.column]);

describe('parseEnterprise', () => {
  it('reads YAML and keeps digit strings that numbers would change', () => {
    const loaded = parseEnterprise('name: X\ntopology: central\nblacklist: [0577123, +44123, 5200]\n', { file: 'x.yaml' });
    expect(loaded.diagnostics).toEqual([]);
    // 0577123 and +44123 stay strings; 5200 is a YAML number and becomes "5200" only through the schema.
    expect(loaded.enterprise?.blacklist).toEqual(['0577123', '+44123', 5200]);
  });

  it('reports YAML syntax errors with line and column', () => {
    const loaded = parseEnterprise('name: X\ntopology: [central\n', { file: 'bad.yaml' });
    expect(loaded.enterprise).toBeUndefined();
    expect(loaded.diagnostics.map((d) => d.code)).toContain('load.syntax');
    expect(loaded.diagnostics[0]?.source?.file).toBe('bad.yaml');
  });

  it('reports JSON syntax errors at the offending character', () => {
    const loaded = parseEnterprise('{\n  "name": "X",\n  "topology": }\n', { file: 'bad.json' });
    expect(loaded.diagnostics.map((d) => [d.code, at(d)])).toEqual([['load.syntax', [3, 15]]]);
  });

  it('refuses duplicate keys in JSON and YAML, at the second occurrence', () => {
    const json = parseEnterprise('{"name": "X", "topology": "central", "name": "Y"}', { file: 'd.json' });
    expect(json.enterprise).toBeUndefined();
    expect(json.diagnostics.map((d) => [d.code, d.data.key, at(d)])).toEqual([['load.duplicate-key', 'name', [1, 38]]]);
    const yaml = parseEnterprise('name: X\ntopology: central\nname: Y\n', { file: 'd.yaml' });
    expect(yaml.diagnostics.map((d) => [d.code, at(d)])).toEqual([['load.duplicate-key', [3, 1]]]);
  });

  it('reports empty documents and non-mappings', () => {
    expect(parseEnterprise('', { file: 'e.yaml' }).diagnostics.map((d) => d.code)).toEqual(['load.empty']);
    expect(parseEnterprise('# only a comment\n', { file: 'e.yaml' }).diagnostics.map((d) => d.code)).toEqual(['load.empty']);
    expect(parseEnterprise('- a\n- b\n', { file: 'l.yaml' }).diagnostics.map((d) => [d.code, d.data.actual])).toEqual([['load.not-an-object', 'a list']]);
  });

  it('puts file, line and column on validation findings (JSON and YAML)', () => {
    const json = '{\n  "name": "X",\n  "topology": "central",\n  "sites": [\n    {"id": "a", "name": "A", "timezone": "UTC", "dialing": {"countryCode": "1", "emergencyNumbers": ["911"]}, "tmezone": 1}\n  ]\n}\n';
    const loaded = parseEnterprise(json, { file: 's.json' });
    const diags = withSources(validate(loaded.enterprise), loaded);
    expect(diags.map((d) => [d.code, d.data.suggestion, at(d)])).toEqual([['schema.unknown-key', 'timezone', [5, 111]]]);
    const yaml = 'name: X\ntopology: central\nsites:\n  - id: a\n    name: A\n    timezone: Mars/Base\n    dialing: { countryCode: "1", emergencyNumbers: ["911"] }\n';
    const ly = parseEnterprise(yaml, { file: 's.yaml' });
    expect(withSources(validate(ly.enterprise), ly).map((d) => [d.code, at(d)])).toEqual([['schema.format', [6, 5]]]); // the key `timezone:`, as for JSON
  });
});

describe('loadEnterprise', () => {
  it('reports a missing path as unreadable', async () => {
    const loaded = await loadEnterprise('/nonexistent/acm.yaml');
    expect(loaded.diagnostics.map((d) => [d.code, d.data.reason])).toEqual([['load.unreadable', 'no such file or directory']]);
  });

  it('merges a directory and locates findings in the right file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'acm-load-'));
    await writeFile(join(dir, 'enterprise.yaml'), 'name: X\ntopology: central\n');
    await mkdir(join(dir, 'sites'));
    await writeFile(join(dir, 'sites', 'a.yaml'), 'sites:\n  - { id: a, name: A, timezone: UTC, dialing: { countryCode: "1", emergencyNumbers: ["911"] } }\n');
    await writeFile(join(dir, 'sites', 'b.yaml'), 'sites:\n  - { id: b, name: B, timezone: UTC, dialing: { countryCode: "1", emergencyNumbers: ["911"] } }\nclusters:\n  - { id: c, site: bb, voiceVip: { address: 10.0.0.1, interface: eth0 }, dundiEid: "00:00:00:00:00:01", servers: [{ id: s1, hostname: s1, address: 10.0.0.2, role: primary }] }\n');
    const loaded = await loadEnterprise(dir);
    expect(loaded.enterprise?.sites.map((s) => s.id)).toEqual(['a', 'b']);
    const diags = withSources(validate(loaded.enterprise), loaded);
    const ref = diags.find((d) => d.code === 'ref.unknown');
    expect([ref?.data.value, ref?.data.suggestion, ref?.source?.file.endsWith('sites/b.yaml'), at(ref ?? {})]).toEqual(['bb', 'b', true, [4, 14]]);
  });

  it('reports settings given twice, differently, across files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'acm-load-'));
    await writeFile(join(dir, 'a.yaml'), 'name: X\ntopology: central\n');
    await writeFile(join(dir, 'b.yaml'), 'name: Y\n');
    const loaded = await loadEnterprise(dir);
    expect(loaded.diagnostics.map((d) => [d.code, d.data.key])).toEqual([['load.conflict', 'name']]);
  });
});

describe('save', () => {
  it('round-trips the demo: saving what was loaded from a saved file gives the same bytes', async () => {
    const demo = await loadEnterprise(DEMO);
    if (demo.enterprise === undefined) throw new Error('demo did not load');
    for (const format of ['yaml', 'json'] as const) {
      const first = serializeEnterprise(demo.enterprise, format);
      const again = parseEnterprise(first, { file: `x.${format}` });
      expect(again.diagnostics).toEqual([]);
      expect(serializeEnterprise(again.enterprise as never, format)).toBe(first);
    }
  });

  it('saves a directory per site and reads it back to the same model', async () => {
    const demo = await loadEnterprise(DEMO);
    const dir = await mkdtemp(join(tmpdir(), 'acm-save-'));
    const files = await saveEnterprise(demo.enterprise as never, dir, { layout: 'directory' });
    expect(files.sort()).toEqual(['enterprise.yaml', 'sites/ams.yaml', 'sites/lon.yaml', 'sites/sfo.yaml', 'sites/tpa.yaml']);
    const back = await loadEnterprise(dir);
    expect(serializeEnterprise(back.enterprise as never)).toBe(serializeEnterprise(demo.enterprise as never));
    const tpa = await readFile(join(dir, 'sites', 'tpa.yaml'), 'utf8');
    expect(tpa).toContain('id: tpa1');
    expect(tpa).not.toContain('id: lon');
  });
});
