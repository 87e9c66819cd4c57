import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadEnterprise } from '../load/load-enterprise.js';
import type { Enterprise } from '../model/enterprise.js';
import { Store } from '../store/store.js';
import { MIGRATION_TABLE, storeMigrations } from '../store/migrations.js';
import { fileOf, snapshot } from '../../../../test-support/deploy-files.js';
import { DIALECTS, startDialect, type DialectHarness } from '../../../../test-support/store-dialects.js';
import { Deployer } from './deployer.js';
import type { Exec, ExecOptions, ExecResult } from '../exec/exec.js';
import type { FileTarget } from './file-target.js';
import { LocalDirectoryTarget } from './local-file-target.js';

const DEMO = fileURLToPath(new URL('../../../../examples/enterprise', import.meta.url));
const file = fileOf;

class RecordingExec implements Exec {
  readonly host = 'recording';
  readonly runs: string[] = [];
  readonly timeouts: (number | undefined)[] = [];
  constructor(private failOn?: string) {}
  run(argv: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    this.runs.push(argv.join(' '));
    this.timeouts.push(options?.timeoutMs);
    const fail = this.failOn !== undefined && argv.join(' ').includes(this.failOn);
    if (fail) this.failOn = undefined; // fails once, like a reload that hit a transient error
    return Promise.resolve({ argv: [...argv], code: fail ? 1 : 0, signal: null, stdout: '', stderr: fail ? 'Unable to load module' : '', timedOut: false, truncated: false, durationMs: 0 });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A local target whose next rename fails once `armed` (a connection killed in the middle of the switch, then re-established). */
class FaultyTarget extends LocalDirectoryTarget {
  armed = false;
  override async rename(from: string, to: string): Promise<void> {
    if (this.armed) {
      this.armed = false; // the next rename runs on a fresh connection
      throw new Error('connection lost');
    }
    return super.rename(from, to);
  }
}

const V1 = { ast15: [file('pjsip.conf', 'endpoints v1\n', 'pjsip reload'), file('extensions.conf', 'dialplan v1\n', 'dialplan reload'), file('old.conf', 'to be removed\n', 'module reload res_old.so')], ast16: [file('pjsip.conf', 'endpoints v1 (16)\n', 'pjsip reload'), file('extensions.conf', 'dialplan v1\n', 'dialplan reload')] };
const V2 = { ast15: [file('pjsip.conf', 'endpoints v2\n', 'pjsip reload'), file('extensions.conf', 'dialplan v1\n', 'dialplan reload'), file('pjsip.d/new.conf', 'new\n', 'pjsip reload')], ast16: [file('pjsip.conf', 'endpoints v2 (16)\n', 'pjsip reload'), file('extensions.conf', 'dialplan v1\n', 'dialplan reload')] };

for (const dialect of DIALECTS) {
  describe(`deploy to two local directories, store on ${dialect}`, () => {
    let harness: DialectHarness | undefined;
    let demo: Enterprise;
    let store: Store;
    let root: string;
    let targets: Record<string, FaultyTarget>;
    let execs: Record<string, RecordingExec>;
    let deployer: Deployer;
    beforeAll(async () => {
      harness = await startDialect(dialect);
      demo = (await loadEnterprise(DEMO)).enterprise as Enterprise;
    });
    afterAll(async () => {
      await harness?.stop();
    });
    beforeEach(async (ctx) => {
      if (harness === undefined) ctx.skip(); // mariadbd not installed (startDialect throws under CI)
      store = await Store.open(await (harness as DialectHarness).freshUrl());
      await store.importEnterprise(demo, { actor: 'setup' });
      root = await mkdtemp(join(tmpdir(), 'acm-deploy-'));
      targets = { ast15: new FaultyTarget(join(root, 'ast15')), ast16: new FaultyTarget(join(root, 'ast16')) };
      execs = { ast15: new RecordingExec(), ast16: new RecordingExec() };
      deployer = new Deployer(store, { transport: (_c, s) => ({ files: targets[s] as FileTarget, exec: execs[s] as Exec }) });
      return async () => {
        await store.close();
        await chmod(join(root, 'ast16', 'pjsip.d'), 0o755).catch(() => undefined);
        await rm(root, { recursive: true, force: true });
      };
    });

    it('plans, applies, replans with only the difference, and runs only the needed reloads', async () => {
      const p1 = await deployer.plan('tpa1', V1);
      expect(p1.basedOn).toBeNull();
      expect(p1.servers.map((s) => [s.server, s.added, s.reloads])).toEqual([
        ['ast15', ['extensions.conf', 'old.conf', 'pjsip.conf'], ['dialplan reload', 'module reload res_old.so', 'pjsip reload']],
        ['ast16', ['extensions.conf', 'pjsip.conf'], ['dialplan reload', 'pjsip reload']],
      ]);
      const r1 = await deployer.apply(p1, { actor: 'alice' });
      expect(r1).toMatchObject({ ok: true, servers: { ast15: 'switched', ast16: 'switched' } });
      expect(await snapshot(join(root, 'ast15'))).toEqual({ 'pjsip.conf': 'endpoints v1\n', 'extensions.conf': 'dialplan v1\n', 'old.conf': 'to be removed\n' });
      // Staging is cleaned up; the (empty) backup manifest stays.
      await expect(stat(join(root, 'ast15', '.acm', 'staging', String(r1.id)))).rejects.toThrow();

      const p2 = await deployer.plan('tpa1', V2);
      expect(p2.basedOn).toBe(r1.id);
      const ast15 = p2.servers[0];
      expect([ast15?.added, ast15?.changed, ast15?.removed, ast15?.unchanged]).toEqual([['pjsip.d/new.conf'], ['pjsip.conf'], ['old.conf'], 1]);
      // extensions.conf did not change: no dialplan reload; old.conf went away: its module reload runs.
      expect(ast15?.reloads).toEqual(['module reload res_old.so', 'pjsip reload']);
      execs.ast15 = new RecordingExec();
      const r2 = await deployer.apply(p2, { actor: 'bob' });
      expect(r2.ok).toBe(true);
      expect(execs.ast15.runs).toEqual(['asterisk -rx module reload res_old.so', 'asterisk -rx pjsip reload']);
      // Each reload runs through the one Exec interface with the deployer's reload timeout.
      expect(execs.ast15.timeouts).toEqual([30_000, 30_000]);
      expect(await snapshot(join(root, 'ast15'))).toEqual({ 'pjsip.conf': 'endpoints v2\n', 'extensions.conf': 'dialplan v1\n', 'pjsip.d/new.conf': 'new\n' });
      // The backup of deployment 2 holds what it replaced.
      expect(await readFile(join(root, 'ast15', '.acm', 'backup', String(r2.id), 'files', 'pjsip.conf'), 'utf8')).toBe('endpoints v1\n');
      expect((await deployer.plan('tpa1', V2)).hasChanges).toBe(false);

      const history = await deployer.history({ cluster: 'tpa1' });
      expect(history.map((h) => [h.id, h.actor, h.status])).toEqual([[r2.id, 'bob', 'succeeded'], [r1.id, 'alice', 'succeeded']]);
      expect(history[0]?.servers.find((s) => s.server === 'ast15')).toEqual({ server: 'ast15', added: 1, changed: 1, removed: 1, reloads: ['module reload res_old.so', 'pjsip reload'] });
      // One deployment by id: the same record the history holds; none for an unknown id.
      expect(await deployer.get(r1.id as number)).toEqual(history[1]);
      expect(await deployer.get((r2.id as number) + 100)).toBeUndefined();

      // Rollback re-applies deployment 1's files.
      const rb = await deployer.rollback(r1.id as number, { actor: 'carol' });
      expect(rb.ok).toBe(true);
      expect(await snapshot(join(root, 'ast15'))).toEqual({ 'pjsip.conf': 'endpoints v1\n', 'extensions.conf': 'dialplan v1\n', 'old.conf': 'to be removed\n' });
      expect(await snapshot(join(root, 'ast16'))).toEqual({ 'pjsip.conf': 'endpoints v1 (16)\n', 'extensions.conf': 'dialplan v1\n' });
      expect((await deployer.history({ limit: 1 }))[0]).toMatchObject({ id: rb.id, rollbackOf: r1.id, actor: 'carol', status: 'succeeded' });
    });

    it('stores each distinct content once: kept files and a pair\'s identical files cost nothing', async () => {
      const blobs = async (): Promise<number> => Number((await store.db.selectFrom('acm_deployment_blob').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const r1 = await deployer.apply(await deployer.plan('tpa1', V1));
      // V1: 5 files on two servers, 4 distinct contents ('dialplan v1' is on both).
      expect(await blobs()).toBe(4);
      const r2 = await deployer.apply(await deployer.plan('tpa1', V2));
      expect(r2.ok).toBe(true);
      // V2 adds 'endpoints v2', 'endpoints v2 (16)' and 'new'; 'dialplan v1' was stored already.
      expect(await blobs()).toBe(7);
      // A rollback re-applies stored contents: nothing new to store, and the files come back whole.
      expect((await deployer.rollback(r1.id as number)).ok).toBe(true);
      expect(await blobs()).toBe(7);
      expect(await snapshot(join(root, 'ast15'))).toEqual({ 'pjsip.conf': 'endpoints v1\n', 'extensions.conf': 'dialplan v1\n', 'old.conf': 'to be removed\n' });
      expect((await deployer.deployedFiles(r2.id as number)).get('ast15')?.map((f) => [f.path, f.content])).toEqual([
        ['extensions.conf', 'dialplan v1\n'], ['pjsip.conf', 'endpoints v2\n'], ['pjsip.d/new.conf', 'new\n'],
      ]);
    });

    it('refuses a file whose sha256 is not its content\'s, before touching anything', async () => {
      const forged = { ast15: [{ ...file('pjsip.conf', 'endpoints v1\n'), content: 'something else\n' }], ast16: V1.ast16 };
      const r = await deployer.apply(await deployer.plan('tpa1', forged));
      expect(r).toMatchObject({ id: undefined, ok: false, servers: {} });
      expect(r.reason).toBe('rendered file pjsip.conf of server ast15: its sha256 does not match its content');
      expect(await deployer.history()).toEqual([]);
      expect(await snapshot(root).catch(() => ({}))).toEqual({});
    });

    it('moves the contents of deployments made before 0003-deployment-blobs, and rolls back to them', async () => {
      const url = await (harness as DialectHarness).freshUrl();
      const old = await Store.open(url, { migrate: false });
      try {
        const migrator = new Migrator({ db: old.db, provider: storeMigrations(old.dialect), migrationTableName: MIGRATION_TABLE, migrationLockTableName: `${MIGRATION_TABLE}_lock` });
        expect((await migrator.migrateTo('0002-status')).error).toBeUndefined();
        await old.importEnterprise(demo, { actor: 'setup' });
        // A deployment as 0001 stored it: every file with its content; ast16's extensions.conf is ast15's.
        await sql`insert into acm_deployment (cluster, actor, started_at, finished_at, status, reason, journal_id, rollback_of, summary) values ('tpa1', 'old', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', 'succeeded', null, 1, null, null)`.execute(old.db);
        for (const [server, files] of Object.entries(V1)) {
          for (const f of files) await sql`insert into acm_deployment_file (deployment_id, server, path, sha256, ${sql.ref('change')}, reload, content) values (1, ${server}, ${f.path}, ${f.sha256}, 'add', ${f.reload ?? null}, ${f.content})`.execute(old.db);
        }
        expect(await old.migrate()).toEqual(['0003-deployment-blobs', '0004-agent-unavailable', '0005-status-feed']);
        const d = new Deployer(old, { transport: (_c, srv) => ({ files: targets[srv] as FileTarget, exec: execs[srv] as Exec }) });
        expect((await d.deployedFiles(1)).get('ast16')?.map((f) => [f.path, f.content])).toEqual([['extensions.conf', 'dialplan v1\n'], ['pjsip.conf', 'endpoints v1 (16)\n']]);
        expect(Number((await old.db.selectFrom('acm_deployment_blob').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(4);
        // The plan against the old deployment sees no change; after a new one, a rollback to it writes its files.
        expect((await d.plan('tpa1', V1)).hasChanges).toBe(false);
        expect((await d.apply(await d.plan('tpa1', V2))).ok).toBe(true);
        expect((await d.rollback(1)).ok).toBe(true);
        // (Only what changed is written: extensions.conf is the same in V1 and V2, and the recorded
        // deployment never wrote it to these directories.)
        expect(await snapshot(join(root, 'ast16'))).toEqual({ 'pjsip.conf': 'endpoints v1 (16)\n' });
        // Migrating down puts the contents back into the file rows.
        expect((await migrator.migrateTo('0002-status')).error).toBeUndefined();
        const back = await sql<{ content: string }>`select content from acm_deployment_file where deployment_id = 1 and server = 'ast16' and path = 'pjsip.conf'`.execute(old.db);
        expect(back.rows.map((r) => r.content)).toEqual(['endpoints v1 (16)\n']);
      } finally {
        await old.close();
      }
    });

    it('refuses a plan made against an older deployment, leaving the servers alone', async () => {
      const stale = await deployer.plan('tpa1', V1); // made against no deployment
      expect((await deployer.apply(await deployer.plan('tpa1', V2), { actor: 'alice' })).ok).toBe(true);
      const before = await snapshot(join(root, 'ast15'));
      const r = await deployer.apply(stale, { actor: 'bob' });
      expect(r.ok).toBe(false);
      expect(r.id).toBeUndefined();
      expect(r.reason).toContain('plan again');
      // V2 stays on disk, and the next plan of V2 is still "no changes".
      expect(await snapshot(join(root, 'ast15'))).toEqual(before);
      expect((await deployer.plan('tpa1', V2)).hasChanges).toBe(false);
    });

    it('a failure on the second server leaves both servers on their old files', async () => {
      await deployer.apply(await deployer.plan('tpa1', V1));
      const before15 = await snapshot(join(root, 'ast15'));
      const before16 = await snapshot(join(root, 'ast16'));
      // A directory the second server cannot write: read-only when we are not root; as root (who
      // ignores modes) a plain file where the directory must be, which fails the same step.
      if (process.getuid?.() === 0) await writeFile(join(root, 'ast16', 'pjsip.d'), 'not a directory');
      else {
        await mkdir(join(root, 'ast16', 'pjsip.d'));
        await chmod(join(root, 'ast16', 'pjsip.d'), 0o555);
      }
      const v2 = { ...V2, ast16: [...V2.ast16, file('pjsip.d/new.conf', 'new\n', 'pjsip reload')] };
      const r = await deployer.apply(await deployer.plan('tpa1', v2), { actor: 'dave' });
      expect(r.ok).toBe(false);
      expect(r.reason).toMatch(/^ast16: /);
      expect(await snapshot(join(root, 'ast15'))).toEqual(before15);
      const after16 = await snapshot(join(root, 'ast16'));
      expect(Object.fromEntries(Object.entries(after16).filter(([k]) => k !== 'pjsip.d'))).toEqual(Object.fromEntries(Object.entries(before16).filter(([k]) => k !== 'pjsip.d')));
      const last = (await deployer.history({ limit: 1 }))[0];
      expect(last).toMatchObject({ id: r.id, status: 'failed', actor: 'dave' });
      expect(last?.reason).toBe(r.reason);
      // The failed deployment is not the base of the next plan.
      expect((await deployer.plan('tpa1', V1)).hasChanges).toBe(false);
    });

    it('a connection lost while switching the second server restores the first from its backup', async () => {
      const r1 = await deployer.apply(await deployer.plan('tpa1', V1));
      const before15 = await snapshot(join(root, 'ast15'));
      const before16 = await snapshot(join(root, 'ast16'));
      (targets.ast16 as FaultyTarget).armed = true;
      const r = await deployer.apply(await deployer.plan('tpa1', V2));
      expect(r).toMatchObject({ ok: false, servers: { ast15: 'restored', ast16: 'restored' } });
      expect(r.reason).toBe('ast16: switch pjsip.conf failed: connection lost');
      expect(await snapshot(join(root, 'ast15'))).toEqual(before15);
      expect(await snapshot(join(root, 'ast16'))).toEqual(before16);
      expect((await deployer.plan('tpa1', V2)).basedOn).toBe(r1.id);
    });

    it('a failed reload restores every server and reloads the ones already reloaded', async () => {
      await deployer.apply(await deployer.plan('tpa1', V1));
      const before16 = await snapshot(join(root, 'ast16'));
      execs.ast15 = new RecordingExec();
      execs.ast16 = new RecordingExec('pjsip reload');
      const r = await deployer.apply(await deployer.plan('tpa1', V2));
      expect(r.ok).toBe(false);
      expect(r.reason).toBe('ast16: reload pjsip reload failed: exit 1: Unable to load module');
      expect(await snapshot(join(root, 'ast15'))).toEqual({ 'pjsip.conf': 'endpoints v1\n', 'extensions.conf': 'dialplan v1\n', 'old.conf': 'to be removed\n' });
      expect(await snapshot(join(root, 'ast16'))).toEqual(before16);
      // ast15 reloaded with the new files, then again with the old ones restored.
      expect(execs.ast15.runs).toEqual(['asterisk -rx module reload res_old.so', 'asterisk -rx pjsip reload', 'asterisk -rx module reload res_old.so', 'asterisk -rx pjsip reload']);
    });

    it('never interleaves two commits of one cluster', async () => {
      const plan = await deployer.plan('tpa1', V1);
      const [a, b] = await Promise.all([deployer.apply(plan, { actor: 'x' }), deployer.apply(plan, { actor: 'y' })]);
      const results = [a, b];
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const loser = results.find((r) => !r.ok);
      expect(loser?.id).toBeUndefined();
      expect(loser?.reason).toMatch(/^another deployment of tpa1 is running \([xy]@/);
      expect((await deployer.history()).length).toBe(1);
    });

    it('clears the cluster\'s changes waiting on a successful commit', async () => {
      await store.extensions.update('tpa1/5101', { description: 'edited' }, { actor: 'erin' }).then((r) => expect(r.diagnostics).toEqual([]));
      const waiting = async (c: string) => ((await store.changesWaiting(c))[0]?.entries ?? []).map((e) => e.action);
      expect(await waiting('tpa1')).toEqual(['import', 'update']);
      expect((await deployer.apply(await deployer.plan('tpa1', V1))).ok).toBe(true);
      expect(await waiting('tpa1')).toEqual([]);
      expect(await waiting('tpa2')).toEqual(['import']);
      await store.extensions.update('tpa1/5101', { description: 'again' });
      expect(await waiting('tpa1')).toEqual(['update']);
    });
  });
}
