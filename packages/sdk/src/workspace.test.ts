import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store, loadEnterprise, serializeEnterprise, type Enterprise, type Extension } from '@acm/core';
import { DIALECTS, startDialect, type DialectHarness } from '../../../test-support/store-dialects.js';
import { AcmError } from './errors.js';
import { openWorkspace, type Workspace } from './workspace.js';

const DEMO = fileURLToPath(new URL('../../../examples/enterprise', import.meta.url));

/** The kind of the AcmError `p` rejects with (or 'none'). */
async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'none';
  } catch (e) {
    if (e instanceof AcmError) return e.kind;
    throw e;
  }
}

/** The codes of the diagnostics `p` is refused with. */
async function refusedCodes(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AcmError && e.kind === 'refused') return [...new Set(e.diagnostics.map((d) => d.code))].sort();
    throw e;
  }
  return [];
}

for (const dialect of DIALECTS) {
  describe(`the workspace on ${dialect}`, () => {
    let harness: DialectHarness | undefined;
    let demo: Enterprise;
    /** The demo with one error: an extension whose group does not exist. */
    let broken: Enterprise;
    let dir: string;
    beforeAll(async () => {
      harness = await startDialect(dialect);
      demo = (await loadEnterprise(DEMO)).enterprise as Enterprise;
      broken = { ...demo, extensions: demo.extensions.map((x, i) => (i === 0 ? { ...x, group: 'NoSuchGroup' } : x)) };
      dir = await mkdtemp(join(tmpdir(), 'acm-sdk-'));
    });
    afterAll(async () => {
      await harness?.stop();
    });

    const open = async (url: string, account?: string): Promise<Workspace> =>
      openWorkspace({ store: url, cwd: dir, env: {}, actor: 'tester', targetDir: join(dir, url.replace(/[^a-z0-9]/gi, '_'), '{cluster}'), ...(account === undefined ? {} : { account }) });
    // An empty store has no accounts yet: the first import is the local operator's.
    const fresh = async (model: Enterprise | null = demo, account: string | undefined = model === null ? undefined : 'admin'): Promise<{ url: string; ws: Workspace }> => {
      if (harness === undefined) throw new Error('unreachable');
      const url = await harness.freshUrl();
      if (model !== null) {
        const setup = await open(url);
        await setup.importEnterprise({ enterprise: model }, { force: true });
        await setup.close();
      }
      return { url, ws: await open(url, account) };
    };
    const revision = async (url: string): Promise<number> => {
      const store = await Store.open(url);
      try {
        return Number((await store.db.selectFrom('acm_revision').select('revision').executeTakeFirst())?.revision);
      } finally {
        await store.close();
      }
    };
    const maybe = (name: string, fn: () => Promise<void>): void => {
      it(name, async (ctx) => {
        if (harness === undefined) ctx.skip(); // mariadbd not installed (startDialect throws under CI)
        await fn();
      });
    };

    maybe('one gate: import, edit, plan, commit and render refuse an error the same way; force passes and is journaled with who', async () => {
      const { url, ws } = await fresh(null);
      const before = await revision(url);
      expect(await refusedCodes(ws.importEnterprise({ enterprise: broken }))).toEqual(['ref.unknown']);
      expect(await revision(url)).toBe(before); // a refused write changes nothing, not even the revision
      expect(await kindOf(ws.check())).toBe('not-found');

      await ws.importEnterprise({ enterprise: demo });
      const key = `${demo.extensions[0]!.cluster}/${demo.extensions[0]!.number}`;
      const rev = await revision(url);
      expect(await refusedCodes(ws.extensions.update(key, { group: 'NoSuchGroup' }))).toEqual(['ref.unknown']);
      expect(await revision(url)).toBe(rev);

      const forced = await ws.extensions.update(key, { group: 'NoSuchGroup' }, { force: true });
      expect(forced.forced.map((d) => d.code)).toEqual(['ref.unknown']);
      for (const run of [() => ws.plan(), () => ws.commit(), () => ws.render({ out: join(dir, 'out-refused') })]) expect(await refusedCodes(run())).toEqual(['ref.unknown']);
      const plan = await ws.plan({ force: true, cluster: demo.extensions[0]!.cluster });
      expect(plan.forced.map((d) => d.code)).toEqual(['ref.unknown']);
      const forces = (await ws.journal()).filter((e) => e.action === 'force');
      expect(forces.map((e) => [e.actor, e.key])).toEqual([['tester', 'edit'], ['tester', 'plan']]);
      expect((forces[0]?.after as { errors: { code: string }[] }).errors.map((e) => e.code)).toEqual(['ref.unknown']);
      // A force is not a change of the model: it never waits for a commit.
      const waiting = (await ws.changes(demo.extensions[0]!.cluster))[0]!;
      expect(waiting.entries.map((e) => e.action)).toEqual(['import', 'update']);
      await ws.close();
    });

    maybe('an identical re-import writes nothing, so nothing waits after a commit; a changed one journals what changed', async () => {
      const { url, ws } = await fresh();
      const committed = await ws.commit();
      expect(committed.ok).toBe(true);
      expect(committed.deployments.length).toBe(demo.clusters.length);
      const rev = await revision(url);
      const again = await ws.importEnterprise({ path: DEMO });
      expect([again.unchanged, again.journalIds.length, await revision(url)]).toEqual([true, 0, rev]);
      expect((await ws.changes()).every((c) => c.entries.length === 0)).toBe(true);
      expect((await ws.plan()).plans.every((p) => !p.hasChanges)).toBe(true);
      const renamed = { ...demo, extensions: demo.extensions.map((x, i) => (i === 0 ? { ...x, name: 'Renamed Person' } : x)) };
      const r = await ws.importEnterprise({ enterprise: renamed });
      expect([r.unchanged, r.changes]).toEqual([false, { added: 0, updated: 1, removed: 0, settings: false }]);
      const waiting = await ws.changes();
      expect(waiting.filter((c) => c.entries.length > 0).map((c) => c.cluster)).toEqual([demo.extensions[0]!.cluster]);
      await ws.close();
    });

    maybe('collections: list with filter, sort and page; secrets masked; copy makes new credentials; a dangling delete is refused', async () => {
      const { ws } = await fresh();
      const page = await ws.extensions.list({ group: 'USSales', cluster: 'tpa1', sort: '-number', limit: 3 });
      const all = demo.extensions.filter((x) => x.group === 'USSales' && x.cluster === 'tpa1').map((x) => x.number).sort((a, b) => Number(b) - Number(a));
      expect([page.total, page.items.map((x) => x.number)]).toEqual([all.length, all.slice(0, 3)]);
      const shown = page.items[0] as Extension;
      const stored = demo.extensions.find((x) => x.cluster === 'tpa1' && x.number === shown.number)!;
      expect(JSON.stringify(page.items)).not.toContain(JSON.stringify(stored.secret));
      expect((await ws.extensions.get(`tpa1/${shown.number}`, { withSecrets: true })).secret).toEqual(stored.secret);
      expect((await ws.extensions.list({ search: stored.name.toLowerCase(), cluster: 'tpa1' })).items.map((x) => x.number)).toContain(stored.number);

      const copy = await ws.extensions.copy(`tpa1/${shown.number}`, { number: '6199', name: 'Copy Person' }, { dryRun: true });
      expect([copy.key, copy.dryRun]).toEqual(['tpa1/6199', true]);
      await ws.extensions.copy(`tpa1/${shown.number}`, { number: '6199', name: 'Copy Person' });
      const made = await ws.extensions.get('tpa1/6199', { withSecrets: true });
      expect(made.secret).not.toEqual(stored.secret);
      if (stored.voicemail?.box === stored.number) expect(made.voicemail?.box).toBe('6199');
      expect(await kindOf(ws.extensions.get('tpa1/6199-nope'))).toBe('not-found');
      expect(await refusedCodes(ws.groups.delete('USSales'))).toContain('ref.unknown');
      const accounts = await ws.accounts.list();
      expect(accounts.items.map((a) => a.username)).toEqual(['admin', 'helpdesk', 'supervisor', 'noc']);
      expect(JSON.stringify(accounts)).not.toContain('scrypt$');
      await ws.close();
    });

    maybe('roles: NOC reads only; helpdesk changes its users; supervisor sees its groups; only administrators import, deploy, force and see accounts', async () => {
      const { url } = await fresh();
      const noc = await open(url, 'noc');
      const helpdesk = await open(url, 'helpdesk');
      const supervisor = await open(url, 'supervisor');
      const sales = demo.extensions.find((x) => x.group === 'USSales')!;
      const other = demo.extensions.find((x) => x.group !== 'USSales')!;
      const key = (x: Extension): string => `${x.cluster}/${x.number}`;

      expect((await noc.extensions.list()).total).toBe(demo.extensions.length);
      expect(await kindOf(noc.extensions.update(key(sales), { name: 'X' }))).toBe('forbidden');
      expect(await kindOf(noc.importEnterprise({ enterprise: demo }))).toBe('forbidden');
      expect(await kindOf(noc.commit())).toBe('forbidden');
      expect(await kindOf(noc.accounts.list())).toBe('forbidden');
      expect((await noc.haVerify({ simulate: true })).clusters.length).toBeGreaterThan(0);

      expect((await helpdesk.extensions.update(key(sales), { name: 'Helpdesk Edit' }, { dryRun: true })).dryRun).toBe(true);
      expect(await kindOf(helpdesk.trunks.update(`${demo.trunks[0]!.cluster}/${demo.trunks[0]!.id}`, { channels: 1 }))).toBe('forbidden');
      expect(await kindOf(helpdesk.extensions.update(key(sales), { name: 'X' }, { force: true }))).toBe('forbidden');
      expect(await kindOf(helpdesk.deploymentDiff(1))).toBe('not-found');
      expect(await kindOf(helpdesk.rollback(1))).toBe('not-found');

      const seen = await supervisor.extensions.list();
      expect([seen.total, seen.items.every((x) => x.group === 'USSales')]).toEqual([demo.extensions.filter((x) => x.group === 'USSales').length, true]);
      expect(await kindOf(supervisor.extensions.get(key(other)))).toBe('forbidden');
      expect(await kindOf(supervisor.extensions.update(key(sales), { name: 'X' }))).toBe('forbidden');
      const hours = demo.businessHours.find((b) => b.group === 'USSales')!;
      expect((await supervisor.businessHours.update(hours.id, { description: 'open hours' }, { dryRun: true })).dryRun).toBe(true);
      expect(await kindOf(supervisor.health({ simulate: false }))).toBe('forbidden');

      expect(await kindOf(open(url, 'nobody').then((w) => w.extensions.list()))).toBe('usage');
      for (const w of [noc, helpdesk, supervisor]) await w.close();
    });

    if (dialect === 'mysql') {
      maybe('a shared MySQL store whose model has accounts needs an account named', async () => {
        const { url } = await fresh();
        const anonymous = await openWorkspace({ store: url, cwd: dir, env: {} });
        expect(await kindOf(anonymous.extensions.list())).toBe('forbidden');
        await anonymous.close();
      });
    }

    maybe('commit, deployments, per-file diffs and rollback on local target directories', async () => {
      const { ws } = await fresh();
      const first = await ws.commit({ cluster: 'tpa1' });
      expect(first.deployments.map((d) => [d.cluster, d.ok])).toEqual([['tpa1', true]]);
      const sales = demo.extensions.find((x) => x.cluster === 'tpa1' && x.group === 'USSales')!;
      await ws.extensions.update(`tpa1/${sales.number}`, { name: 'Alex Horn' });
      const second = await ws.commit({ cluster: 'tpa1' });
      const id = second.deployments[0]!.id!;
      const diff = await ws.deploymentDiff(id);
      expect(diff.against).toBe(first.deployments[0]!.id);
      expect(diff.files.length).toBeGreaterThan(0);
      expect(diff.files.every((f) => f.change === 'changed')).toBe(true);
      expect(diff.files.some((f) => f.diff.split('\n').some((l) => l.startsWith('+') && l.includes('Alex Horn')))).toBe(true);
      expect(diff.files.some((f) => f.diff.split('\n').some((l) => l.startsWith('-') && l.includes(sales.name)))).toBe(true);
      const history = await ws.deployments({ cluster: 'tpa1' });
      expect(history.map((h) => h.id).slice(0, 2)).toEqual([id, first.deployments[0]!.id]);
      const back = await ws.rollback(first.deployments[0]!.id!);
      expect(back.ok).toBe(true);
      const server = Object.keys(back.servers)[0]!;
      const files = await readFile(join(ws.settings.target.targetDir!.replace('{cluster}', 'tpa1'), server, 'etc/asterisk/voicemail.conf'), 'utf8').catch(() => '');
      expect(files.includes('Alex Horn')).toBe(false);
      await ws.close();
    });

    maybe('the other use cases on the store: CSV, export, roaming, number plan, batches, locks, the live poller, the journal', async () => {
      const { ws } = await fresh();
      const csv = await ws.exportExtensionsCsv({ cluster: 'tpa1' });
      expect(csv.split('\n')[0]).toContain('number');
      expect(csv).not.toContain(JSON.stringify(demo.extensions[0]!.secret).slice(1, -1));
      const one = await ws.importExtensionsCsv('action,cluster,number,name\nedit,tpa1,6101,Leon Johnston\n', { file: 'one.csv' });
      expect([one.edited, one.added]).toEqual([1, 0]);
      expect(await refusedCodes(ws.importExtensionsCsv('action,cluster,number,group\nedit,tpa1,6101,NoSuchGroup\n'))).toContain('ref.unknown');
      const text = await ws.exportText('yaml');
      expect(text).toContain('Leon Johnston');
      const file = await ws.exportTo(join(dir, `${dialect}-export.json`));
      expect([file.format, file.extensions]).toEqual(['json', demo.extensions.length]);
      expect((await ws.roaming()).numbers.length).toBeGreaterThan(0);
      expect((await ws.classify('05771530123', { path: join(DEMO, '..', 'unisi') })).status).toBe('translated');
      expect(await kindOf(ws.classify('1', { dpid: -1 }))).toBe('usage');
      // The stored model and the files it came from give the same number-plan findings.
      expect(await ws.checkNumberPlan()).toEqual(await ws.checkNumberPlan({ path: DEMO }));
      const request = { group: 'USSales', cluster: 'tpa1', from: '6110', to: '6112' };
      expect((await ws.planBatch(request)).status).toBe('VALID');
      expect((await ws.submitBatch(request, { dryRun: true })).write.dryRun).toBe(true);
      expect(await kindOf(ws.extensions.get('tpa1/6110'))).toBe('not-found');
      const made = await ws.submitBatch(request);
      expect(made.write.journalIds.length).toBe(3);
      expect((await ws.extensions.get('tpa1/6111')).group).toBe('USSales');
      expect(await refusedCodes(ws.submitBatch(request))).not.toEqual([]);
      expect(await ws.breakLock('tpa1')).toBe(false);
      expect((await ws.collection('sites').list()).total).toBe(demo.sites.length);
      expect(await kindOf(Promise.resolve().then(() => ws.collection('nope' as never)))).toBe('usage');
      const batches: string[] = [];
      const watching = await ws.watch({ simulate: true, cluster: 'ams', rate: 50, onBatch: (b) => batches.push(b.server) });
      for (let i = 0; i < 100 && batches.length < 3; i++) await new Promise((r) => setTimeout(r, 50));
      await watching.stop();
      expect(new Set(batches).size).toBeGreaterThan(0);
      const journal = await ws.journal({ limit: 5 });
      expect(journal.map((e) => e.actor).every((a) => a === 'tester')).toBe(true);
      await ws.close();
    });

    maybe('status: poll simulators into the store, read them back, and follow the feed from another workspace', async () => {
      const { url, ws } = await fresh();
      const reader = await open(url, 'noc');
      const seen: string[] = [];
      const following = await reader.follow({ intervalMs: 50, onBatch: (e) => seen.push(e.batch.server) });
      const rows = await ws.pollOnce({ simulate: true, cluster: 'tpa1' });
      expect(rows.map((r) => r.ok)).toEqual(rows.map(() => true));
      const status = await reader.status({ fromStore: true, cluster: 'tpa1', group: 'USSales' });
      expect(status.view.extensions.map((e) => e.extension).sort()).toEqual(demo.extensions.filter((x) => x.cluster === 'tpa1' && x.group === 'USSales').map((x) => x.number).sort());
      const servers = demo.clusters.find((c) => c.id === 'tpa1')!.servers.map((s) => s.id).sort();
      for (let i = 0; i < 100 && new Set(seen).size < servers.length; i++) await new Promise((r) => setTimeout(r, 50));
      following.stop();
      expect([...new Set(seen)].sort()).toEqual(servers);
      expect((await reader.feed(0)).length).toBeGreaterThanOrEqual(servers.length);
      expect(await kindOf(ws.status({ fromStore: true, simulate: true }))).toBe('usage');
      await reader.close();
      await ws.close();
    });
  });
}

describe('the workspace on files and simulators', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'acm-sdk-files-'));
  });
  const ws = (): Promise<Workspace> => openWorkspace({ cwd: dir, env: {}, store: `sqlite:${join(dir, 'never.db')}` });

  it('reads a model from files without opening the store', async () => {
    const w = await ws();
    const report = await w.check({ path: DEMO });
    expect([report.valid, report.unreadable, report.summary?.counts.clusters]).toEqual([true, false, 5]);
    expect((await w.roaming({ path: DEMO })).numbers.length).toBeGreaterThan(0);
    expect((await w.planBatch({ group: 'USSales', cluster: 'tpa1', from: '6150', to: '6152' }, { path: DEMO })).extensions.map((x) => 'secret' in x)).toEqual([false, false, false]);
    await w.close();
    expect(await readFile(join(dir, 'never.db')).then(() => true, () => false)).toBe(false);
  });

  it('resolved settings and business hours, one implementation each', async () => {
    const w = await ws();
    const demo = (await loadEnterprise(DEMO)).enterprise as Enterprise;
    const x = demo.extensions.find((e) => e.cluster === 'tpa1' && e.number === '6101')!;
    const r = await w.resolvedSettings('tpa1/6101', { path: DEMO });
    // 6101 declares no rights profile: the USSales template gives it.
    expect([x.rightsProfile, r.rightsProfile.value, r.rightsProfile.from]).toEqual([undefined, demo.groups.find((g) => g.id === 'USSales')?.rightsProfile, 'group']);
    expect(r.rightsProfile.value).toBe('USSales1');
    expect(JSON.stringify(r)).not.toContain(JSON.stringify(x.secret));
    expect(await kindOf(w.resolvedSettings('tpa1/0000', { path: DEMO }))).toBe('not-found');
    // tpa1-open is 13:00:00-22:00:00 Monday to Friday in America/New_York; 2026-12-02 is a Wednesday (EST, UTC-5).
    const at = (iso: string) => w.businessHoursAt('USSales', new Date(iso), { path: DEMO, cluster: 'tpa1' });
    expect([(await at('2026-12-02T17:59:00Z')).open, (await at('2026-12-02T18:00:00Z')).open, (await at('2026-12-03T02:59:00Z')).open, (await at('2026-12-03T03:00:00Z')).open]).toEqual([false, true, true, false]);
    expect((await at('2026-12-02T18:00:00Z')).rule?.id).toBe('tpa1-open');
    expect(await kindOf(w.businessHoursAt('USSales', new Date('nonsense'), { path: DEMO }))).toBe('usage');
    await w.close();
  });

  it('health, HA verify and replication on the demo reach only stand-ins: never UNKNOWN', async () => {
    const w = await ws();
    const health = await w.health({ path: DEMO, simulate: true });
    expect(health.health.exitCode).not.toBe(3);
    expect(health.itspSource).toBe('simulate');
    const ha = await w.haVerify({ path: DEMO, simulate: true });
    expect([ha.exitCode, ha.clusters.every((c) => c.state === 'NORMAL')]).toEqual([0, true]);
    const down = await w.haVerify({ path: DEMO, simulate: true, cluster: 'tpa1', faults: { down: ['ast16'] } });
    expect(down.clusters.map((c) => c.state)).toEqual(['FAILOVER']);
    const repl = await w.replication({ path: DEMO, simulate: true });
    expect([repl.exitCode, repl.topologies.every((t) => t.status === 'OK')]).toEqual([0, true]);
    const broken = await w.replication({ path: DEMO, simulate: true, replicationFaults: [{ node: repl.topologies[0]!.nodes[1]!.id, kind: 'io-stopped' }] });
    expect(broken.exitCode).toBeGreaterThan(0);
    expect(await kindOf(w.whatIf({ kind: 'server-down', server: 'nope' }, { path: DEMO }))).toBe('usage');
    await w.close();
  });

  it('render counts every file it writes, manifests included, and refuses a model with errors unless forced', async () => {
    const w = await ws();
    const out = join(dir, 'render');
    const r = await w.render({ path: DEMO, out });
    const { readdir } = await import('node:fs/promises');
    const written = (await readdir(out, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;
    expect(r.total.files).toBe(written);
    const demo = (await loadEnterprise(DEMO)).enterprise as Enterprise;
    const { writeFile } = await import('node:fs/promises');
    const bad = join(dir, 'bad.json');
    await writeFile(bad, serializeEnterprise({ ...demo, extensions: demo.extensions.map((x, i) => (i === 0 ? { ...x, group: 'Nope' } : x)) }, 'json'));
    expect(await refusedCodes(w.render({ path: bad, out: join(dir, 'bad-out') }))).toEqual(['ref.unknown']);
    const forced = await w.render({ path: bad, out: join(dir, 'bad-out'), force: true });
    expect(forced.forced.map((d) => d.code)).toEqual(['ref.unknown']);
    await w.close();
  });

  it('settings: flags beat the environment, which beats acm.config.yaml', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'acm.config.yaml'), 'database: sqlite:./from-config.db\naccount: noc\ntemplates: tpl-config\n');
    const fromConfig = await openWorkspace({ cwd: dir, env: {} });
    expect([fromConfig.settings.store, fromConfig.settings.account, fromConfig.settings.templates]).toEqual([`sqlite:${join(dir, 'from-config.db')}`, 'noc', join(dir, 'tpl-config')]);
    const fromEnv = await openWorkspace({ cwd: dir, env: { ACM_DATABASE_URL: 'sqlite:./from-env.db', ACM_ACCOUNT: 'helpdesk' } });
    expect([fromEnv.settings.store, fromEnv.settings.account]).toEqual([`sqlite:${join(dir, 'from-env.db')}`, 'helpdesk']);
    const fromFlags = await openWorkspace({ cwd: dir, env: { ACM_DATABASE_URL: 'sqlite:./from-env.db' }, store: 'sqlite:./from-flag.db', account: 'admin' });
    expect([fromFlags.settings.store, fromFlags.settings.account]).toEqual([`sqlite:${join(dir, 'from-flag.db')}`, 'admin']);
    await writeFile(join(dir, 'acm.config.yaml'), 'database: 42\nnonsense: true\n');
    expect(await kindOf(openWorkspace({ cwd: dir, env: {} }))).toBe('usage');
    const { rm } = await import('node:fs/promises');
    await rm(join(dir, 'acm.config.yaml'));
  });
});
