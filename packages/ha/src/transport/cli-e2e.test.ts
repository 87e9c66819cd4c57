// End to end, as an operator would: the BUILT `acm` binary (packages/cli/dist/bin.js, built by
// `npm test` before vitest runs) against two real sshd servers standing in for tpa1's ast16 and ast15.
// import -> edit from a CSV -> `acm changes` -> `acm commit` over SSH -> a server breaks, the commit
// fails and both servers keep their old files -> repair -> commit -> `acm rollback <id>`.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveBinaries } from '../../../../test-support/free-port.js';
import { SSHD, startSshd } from '../../../../test-support/sshd.js';
import { fakeAsterisk, snapshot } from '../../../../test-support/deploy-files.js';
import { CuttingProxy } from '../../../../test-support/tcp-proxy.js';
import type { SshdHandle } from '../../../../test-support/sshd.js';

// Skips locally without sshd; under CI haveBinaries throws, so the run fails instead.
const HAVE_SSHD = await haveBinaries(SSHD, '/usr/bin/ssh-keygen');
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const BIN = join(REPO, 'packages', 'cli', 'dist', 'bin.js');
const EXAMPLE = join(REPO, 'examples', 'enterprise');

interface Run { readonly code: number; readonly stdout: string; readonly stderr: string }

describe.skipIf(!HAVE_SSHD)('acm CLI end to end over SSH (built binary, two real sshd)', () => {
  const sshd: SshdHandle[] = [];
  const gates: CuttingProxy[] = [];
  let dir = '';
  let reloadLog = '';
  // tpa1's servers in examples/enterprise/sites/tpa.yaml, each pointed at one sshd (through its gate).
  const SERVERS = ['ast16', 'ast15'] as const;
  const rootOf = (server: string): string => join(dir, 'servers', server);

  /** Runs the built CLI in the temp dir (its acm.config.yaml applies), with no ACM_* settings inherited. */
  const acm = (...args: string[]): Promise<Run> => {
    const env: Record<string, string> = { NO_COLOR: '1', ACM_ACTOR: 'e2e' };
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('ACM_') && k !== 'FORCE_COLOR') env[k] = v;
    return new Promise((done) => {
      execFile(process.execPath, [BIN, ...args], { cwd: dir, env, timeout: 60_000 }, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -1;
        done({ code, stdout: String(stdout), stderr: String(stderr) });
      });
    });
  };
  const both = async (): Promise<Record<string, Record<string, string>>> => ({ ast16: await snapshot(rootOf('ast16')), ast15: await snapshot(rootOf('ast15')) });

  beforeAll(async () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build first (npm test runs tsc -b before vitest)`);
    dir = await mkdtemp(join(tmpdir(), 'acm-cli-e2e-'));
    let yaml = await readFile(join(EXAMPLE, 'sites', 'tpa.yaml'), 'utf8');
    for (const server of SERVERS) {
      const s = await startSshd();
      if (s === undefined) throw new Error('sshd vanished');
      sshd.push(s);
      const gate = new CuttingProxy();
      await gate.start(s.port);
      gates.push(gate);
      const keyFile = join(dir, `${server}.key`);
      await writeFile(keyFile, s.clientKey, { mode: 0o600 });
      // Replace the example's endpoint of this server: loopback port of its gate, pinned host key, the test key.
      const line = new RegExp(`(- id: ${server}\\n(?:.*\\n)*?\\s+)ssh: \\{[^}]*\\}`);
      if (!line.test(yaml)) throw new Error(`no ssh line for ${server} in tpa.yaml`);
      yaml = yaml.replace(line, `$1ssh: { host: 127.0.0.1, port: ${gate.port}, user: ${s.username}, hostKey: "${s.hostFingerprint}", privateKey: { file: ${JSON.stringify(keyFile)} } }`);
    }
    await cp(EXAMPLE, join(dir, 'enterprise'), { recursive: true });
    await writeFile(join(dir, 'enterprise', 'sites', 'tpa.yaml'), yaml);
    // A stand-in for `asterisk -rx <reload>` on the servers: records each reload it is asked for.
    reloadLog = join(dir, 'reloads.log');
    const fake = await fakeAsterisk(dir, reloadLog);
    await writeFile(join(dir, 'acm.config.yaml'), [
      `database: ${JSON.stringify(`sqlite:${join(dir, 'acm.db')}`)}`,
      'deploy:',
      `  remoteRoot: ${JSON.stringify(join(dir, 'servers', '{server}'))}`,
      `  asterisk: ${JSON.stringify(fake)}`,
      '  connectTimeoutSeconds: 5',
      '',
    ].join('\n'));
  }, 60_000);

  afterAll(async () => {
    for (const g of gates) await g.stop();
    for (const s of sshd) await s.stop();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('imports, edits, commits to both servers, fails cleanly on a broken one, recovers and rolls back', async () => {
    const imported = await acm('import', 'enterprise');
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);

    // Edit one tpa1 extension from a one-row CSV.
    await writeFile(join(dir, 'edit1.csv'), 'action,cluster,number,name\nedit,tpa1,6101,Renamed Once\n');
    const edit1 = await acm('extensions', 'import', 'edit1.csv');
    expect(edit1.code).toBe(0);
    expect(edit1.stdout).toContain('1 edited');

    // `acm changes` lists it as waiting for tpa1 (never deployed: the import and the edit).
    const waiting = await acm('changes', '--cluster', 'tpa1', '--json');
    expect(waiting.code).toBe(0);
    const w1 = JSON.parse(waiting.stdout) as { clusters: { cluster: string; lastDeployment: number | null; entries: { action: string; collection: string; key: string }[] }[] };
    expect(w1.clusters.map((c) => c.cluster)).toEqual(['tpa1']);
    expect(w1.clusters[0]?.lastDeployment).toBeNull();
    expect(w1.clusters[0]?.entries.map((e) => `${e.action} ${e.collection} ${e.key}`)).toEqual(['import * *', 'update extensions tpa1/6101']);

    // First commit over SSH: both servers get the files, with the edit.
    const c1 = await acm('commit', '--cluster', 'tpa1', '--yes', '--json');
    expect(c1.stderr).toBe('');
    expect(c1.code).toBe(0);
    const d1 = (JSON.parse(c1.stdout) as { deployments: { cluster: string; ok: boolean; id: number; servers: Record<string, string> }[] }).deployments;
    expect(d1.map((d) => [d.cluster, d.ok, d.servers])).toEqual([['tpa1', true, { ast15: 'switched', ast16: 'switched' }]]);
    const first = d1[0]?.id as number;
    const afterFirst = await both();
    for (const server of SERVERS) {
      expect(afterFirst[server]?.['etc/asterisk/pjsip.conf']).toContain('Renamed Once');
      expect(afterFirst[server]?.['etc/asterisk/extensions.conf']).toBeDefined();
    }
    // A first deployment reloads what it wrote, through the configured `asterisk` on each server.
    expect(await readFile(reloadLog, 'utf8')).toMatch(/^-rx .*res_pjsip/m);
    expect(JSON.parse((await acm('changes', '--cluster', 'tpa1', '--json')).stdout).clusters[0].entries).toEqual([]);

    // A second edit, then ast15 goes down: the commit fails and neither server switches.
    await writeFile(join(dir, 'edit2.csv'), 'action,cluster,number,name\nedit,tpa1,6101,Renamed Twice\n');
    expect((await acm('extensions', 'import', 'edit2.csv')).code).toBe(0);
    const broken = gates[SERVERS.indexOf('ast15')] as CuttingProxy;
    broken.refuse = true;
    const c2 = await acm('commit', '--cluster', 'tpa1', '--yes');
    expect(c2.code).toBe(1);
    expect(c2.stdout).toMatch(/tpa1: FAILED/);
    expect(c2.stdout).toContain('ast16 untouched (old files)');
    expect(await both()).toEqual(afterFirst);
    // The edit is still waiting for the next commit.
    const w2 = JSON.parse((await acm('changes', '--cluster', 'tpa1', '--json')).stdout) as typeof w1;
    expect(w2.clusters[0]?.entries.map((e) => `${e.action} ${e.collection} ${e.key}`)).toEqual(['update extensions tpa1/6101']);

    // Repaired: the same commit goes through on both.
    broken.refuse = false;
    const c3 = await acm('commit', '--cluster', 'tpa1', '--yes');
    expect(c3.code).toBe(0);
    expect(c3.stdout).toContain('ast15 switched (new files), ast16 switched (new files)');
    const afterThird = await both();
    for (const server of SERVERS) {
      expect(afterThird[server]?.['etc/asterisk/pjsip.conf']).toContain('Renamed Twice');
      expect(afterThird[server]?.['etc/asterisk/pjsip.conf']).not.toContain('Renamed Once');
    }
    // Only the files the edit touched changed (pjsip.conf among them); the others are byte-identical.
    expect(Object.keys(afterThird.ast16 ?? {}).sort()).toEqual(Object.keys(afterFirst.ast16 ?? {}).sort());

    // History: succeeded, failed, succeeded (newest first).
    const history = JSON.parse((await acm('deployments', '--cluster', 'tpa1', '--json')).stdout) as { deployments: { id: number; status: string }[] };
    expect(history.deployments.map((h) => h.status)).toEqual(['succeeded', 'failed', 'succeeded']);
    expect(history.deployments[2]?.id).toBe(first);

    // Rollback to the first deployment: both servers hold exactly its files again.
    const rb = await acm('rollback', String(first));
    expect(rb.stderr).toBe('');
    expect(rb.code).toBe(0);
    expect(rb.stdout).toContain(`rolled back tpa1 to deployment #${first}`);
    expect(await both()).toEqual(afterFirst);
  }, 180_000);
});
