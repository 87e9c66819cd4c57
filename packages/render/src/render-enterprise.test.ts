import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, type Dirent } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPjsipConfig, loadEnterprise, parseAsteriskConfig, type Enterprise } from '@acm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSecretResolver, manifestOf, renderEnterprise, timeSpecs, type RenderResult } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const EXPECTED = join(here, '..', 'test', 'fixtures', 'expected');
const UPDATE = process.env.ACM_UPDATE_GOLDENS === '1';
let demo: Enterprise;
let result: RenderResult;

beforeAll(async () => {
  const loaded = await loadEnterprise(join(here, '..', '..', '..', 'examples', 'enterprise'));
  demo = loaded.enterprise as Enterprise;
  result = renderEnterprise(demo, { secrets: createSecretResolver({ env: {} }) });
});

describe('renderEnterprise on the demo', () => {
  it('renders every server of every cluster with the nine Asterisk files and their reload commands', () => {
    expect(result.servers.length).toBe(demo.clusters.reduce((n, c) => n + c.servers.length, 0));
    const m = manifestOf(result.servers[0]!);
    expect(m.files.map((f) => [f.path, f.reload])).toContainEqual(['etc/asterisk/pjsip.conf', 'module reload res_pjsip.so']);
    expect(m.files.map((f) => f.reload)).toEqual(expect.arrayContaining(['dialplan reload', 'voicemail reload', 'module reload app_queue.so', 'module reload pbx_dundi.so', 'iax2 reload', 'module reload acl']));
    for (const f of m.files) expect(f.size).toBe(Buffer.byteLength(result.servers[0]!.files.find((x) => x.path === f.path)!.content));
  });

  it('is deterministic', () => {
    const again = renderEnterprise(demo, { secrets: createSecretResolver({ env: {} }) });
    expect(again.servers.flatMap((s) => s.files.map((f) => f.sha256))).toEqual(result.servers.flatMap((s) => s.files.map((f) => f.sha256)));
  });

  it('parses back: no reader problem, every pjsip object has a known type and only known options', () => {
    for (const s of result.servers) {
      for (const f of s.files.filter((x) => x.path.endsWith('.conf'))) {
        const cfg = parseAsteriskConfig(f.content, { file: f.path });
        expect(cfg.problems, `${s.server}/${f.path}`).toEqual([]);
        if (f.path.endsWith('pjsip.conf')) expect(checkPjsipConfig(cfg), `${s.server}/${f.path}`).toEqual([]);
      }
    }
  });

  it('writes no bare ";" in a value, binds IAX2 port first, and needs no DNS for an identify match', () => {
    for (const s of result.servers) {
      for (const f of s.files.filter((x) => x.path.endsWith('.conf'))) {
        for (const line of f.content.split('\n')) {
          if (line.startsWith(';')) continue;
          // Asterisk cuts a line at a ';' not preceded by '\': `contact = sip:h:5061;transport=tls` would lose its transport.
          expect(/(^|[^\\]);/.test(line), `${s.server}/${f.path}: ${line}`).toBe(false);
        }
      }
      // chan_iax2 binds when it reads bindaddr, with the port read so far.
      const iax = s.files.find((f) => f.path.endsWith('iax.conf'))!.content;
      expect(iax.indexOf('\nbindport = ')).toBeGreaterThan(-1);
      expect(iax.indexOf('\nbindport = ')).toBeLessThan(iax.indexOf('\nbindaddr = '));
      // A name in `match` is resolved when res_pjsip loads (an ERROR without DNS): the demo's named trunks
      // have an ACL of addresses or register, and then the registration's `line` identifies them.
      const pjsip = parseAsteriskConfig(s.files.find((f) => f.path.endsWith('pjsip.conf'))!.content);
      for (const sec of pjsip.sections) {
        const type = sec.entries.find((e) => e.key === 'type')?.value;
        const get = (k: string): string | undefined => sec.entries.find((e) => e.key === k)?.value;
        if (type === 'identify') for (const m of get('match')!.split(',')) expect(m, `${s.server} ${sec.name}`).toMatch(/^[0-9.]+(\/[0-9.]+)?$/);
        if (type === 'registration') expect([get('line'), get('endpoint')], `${s.server} ${sec.name}`).toEqual(['yes', sec.name]);
      }
    }
    // lon's SIP-32 registers to a host name and has no ACL: no identify section, the registration identifies it.
    const lon = result.servers.find((x) => x.cluster === 'lon')!;
    const pj = parseAsteriskConfig(lon.files.find((f) => f.path.endsWith('pjsip.conf'))!.content);
    const types = pj.sections.filter((x) => x.name === 'SIP-32').map((x) => x.entries.find((e) => e.key === 'type')?.value);
    expect(types).toEqual(['endpoint', 'aor', 'registration']);
  });

  it('has no duplicate extension in a context and no include of a missing context', () => {
    for (const s of result.servers) {
      const cfg = parseAsteriskConfig(s.files.find((f) => f.path.endsWith('extensions.conf'))!.content);
      const names = new Set(cfg.sections.map((x) => x.name));
      for (const sec of cfg.sections) {
        const seen = new Set<string>();
        let current = '';
        for (const e of sec.entries) {
          if (e.key === 'include') expect(names.has(e.value), `${sec.name} includes ${e.value}`).toBe(true);
          if (e.key !== 'exten' && e.key !== 'same') continue;
          const [ext, prio] = e.value.split(',');
          if (e.key === 'exten') current = ext!;
          if (e.key === 'exten' && prio === '1') {
            expect(seen.has(ext!), `${s.cluster} ${sec.name} ${ext}`).toBe(false);
            seen.add(ext!);
          }
        }
        expect(current === '' || seen.size > 0).toBe(true);
      }
    }
  });

  it('puts voicemail boxes only on the home cluster, and TLS only where encryption is asked', () => {
    const file = (cluster: string, name: string): string => result.servers.find((s) => s.cluster === cluster)!.files.find((f) => f.path.endsWith(name))!.content;
    // 6101 lives on tpa1: its box is there and not on tpa2.
    expect(file('tpa1', 'voicemail.conf')).toMatch(/^6101 => 654424,Leon Johnstone,/m);
    expect(file('tpa2', 'voicemail.conf')).not.toMatch(/^6101 =>/m);
    // TELNYX-1 (tpa2) is encrypted: tpa2 gets a tls transport, tpa1 does not.
    expect(file('tpa2', 'pjsip.conf')).toContain('[transport-tls]');
    expect(file('tpa1', 'pjsip.conf')).not.toContain('[transport-tls]');
    expect(file('tpa2', 'pjsip.conf')).toMatch(/\[TELNYX-1\]\ntype = endpoint[^[]*media_encryption = sdes/);
  });

  it('routes a call class over its trunks in failover order, stripping the outside-line prefix', () => {
    const ext = result.servers.find((s) => s.cluster === 'tpa1')!.files.find((f) => f.path.endsWith('extensions.conf'))!.content;
    // local on tpa1: TALKTALK-1 (fails over to TELNYX-2), then TELNYX-2; "9" is stripped.
    const block = ext.slice(ext.indexOf('exten => _9NXXXXXX,1'));
    expect(block.split('\n').slice(0, 5)).toEqual([
      'exten => _9NXXXXXX,1,NoOp(local call)',
      ' same => n,Dial(PJSIP/${EXTEN:1}@TALKTALK-1)',
      ' same => n,GotoIf($["${DIALSTATUS}" != "CHANUNAVAIL" & "${DIALSTATUS}" != "CONGESTION"]?done)',
      ' same => n,Dial(PJSIP/${EXTEN:1}@TELNYX-2)',
      ' same => n(done),Hangup()',
    ]);
  });

  it('matches the reviewed goldens', () => {
    const all = [
      ...result.servers.flatMap((s) => s.files.map((f) => ({ path: join(s.cluster, s.server, f.path), content: f.content }))),
      ...result.files.map((f) => ({ path: f.path, content: f.content })),
    ];
    for (const f of all) {
      const p = join(EXPECTED, f.path);
      if (UPDATE) {
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, f.content);
      }
      expect(existsSync(p), `${f.path} has no reviewed golden (ACM_UPDATE_GOLDENS=1 writes it)`).toBe(true);
      expect(f.content, f.path).toBe(readFileSync(p, 'utf8'));
    }
    // Every golden is still rendered: a file that is no longer produced must be removed on purpose.
    const goldens = (readdirSync(EXPECTED, { recursive: true, withFileTypes: true }) as Dirent[]).filter((d) => d.isFile()).map((d) => relative(EXPECTED, join(d.parentPath, d.name))).sort();
    expect(goldens).toEqual(all.map((f) => f.path).sort());
  });
});

describe('timeSpecs', () => {
  it('splits a date range that crosses months', () => {
    const rule = { id: 'x', cluster: 'c', group: 'g', function: 'HOLIDAY', active: true, startTime: '00:00:00', endTime: '23:59:59', startDay: '*', startDate: '12/30', endDate: '01/02' };
    expect(timeSpecs(rule, 'UTC')).toEqual(['00:00-23:59,*,30-31,dec,UTC', '00:00-23:59,*,1-2,jan,UTC']);
  });
});

describe('secrets', () => {
  it('resolves env references and says why a missing one has no value', () => {
    const r = createSecretResolver({ env: { X: 'v1' } });
    expect(r.resolve({ env: 'X' }, ['f'])).toEqual({ ok: true, value: 'v1' });
    expect(r.resolve({ env: 'Y' }, ['f'])).toMatchObject({ ok: false, reason: 'env-unset' });
  });
});

describe('provisioning for every vendor of PHONE_VENDORS', () => {
  it('writes Grandstream cfg<mac>.xml and Digium <mac>.cfg files from the extension', () => {
    const i = demo.extensions.findIndex((e) => e.provisioning !== undefined);
    const e = demo.extensions[i]!;
    const as = (vendor: 'grandstream' | 'digium'): RenderResult => renderEnterprise(
      { ...demo, extensions: demo.extensions.map((x, j) => (j === i ? { ...x, provisioning: { ...x.provisioning!, mac: '00:0B:82:12:34:56', vendor } } : x)) },
      { clusters: [e.cluster], secrets: createSecretResolver({ env: {} }) },
    );
    const gs = as('grandstream').files.find((f) => f.path === `${e.cluster}/provisioning/cfg000b82123456.xml`);
    expect(gs?.content).toContain('<mac>000b82123456</mac>');
    expect(gs?.content).toContain(`<P35>${e.authUser ?? e.number}</P35>`);
    const dg = as('digium').files.find((f) => f.path === `${e.cluster}/provisioning/000b82123456.cfg`);
    expect(dg?.content).toMatch(new RegExp(`<account index="0" [^>]*username="${e.authUser ?? e.number}"`));
  });
});
