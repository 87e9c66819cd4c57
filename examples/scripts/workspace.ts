/**
 * The whole workflow through `@acm/sdk`, as an integrator's script or a console would run it:
 * import the demo into a store, meet the validation gate, act as different accounts, create a
 * batch, commit to local directories standing in for the servers, read a deployment's diff, then
 * live status and health from stand-ins on loopback. Run: npx tsx examples/scripts/workspace.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AcmError, openWorkspace } from '@acm/sdk';

const demo = fileURLToPath(new URL('../enterprise', import.meta.url));
const dir = await mkdtemp(join(tmpdir(), 'acm-workspace-'));
const check = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(`unexpected: ${what}`);
};
const store = `sqlite:${join(dir, 'acm.db')}`;
// Each server of cluster C is <dir>/servers/C/<server>; without targetDir a commit goes over SSH.
const targetDir = join(dir, 'servers', '{cluster}');

const admin = await openWorkspace({ store, cwd: dir, env: {}, actor: 'alice', targetDir });
try {
  const imported = await admin.importEnterprise({ path: demo });
  console.log(`imported ${imported.name}: ${imported.clusters} clusters, ${imported.extensions} extensions (${imported.validation.warning} warnings)`);

  // The gate: an edit that introduces an error is refused with the findings (model paths for form fields).
  try {
    await admin.extensions.update('tpa1/6101', { group: 'NoSuchGroup' });
    check(false, 'a bad edit was accepted');
  } catch (e) {
    check(e instanceof AcmError && e.kind === 'refused', 'not refused');
    console.log(`refused: ${(e as AcmError).diagnostics.map((d) => `${d.code} at ${d.path.join('.')}`).join(', ')}`);
  }

  // Accounts of the model: a helpdesk account changes users, not trunks; a NOC account changes nothing.
  const helpdesk = await openWorkspace({ store, cwd: dir, env: {}, account: 'helpdesk' });
  const renamed = await helpdesk.extensions.update('tpa1/6101', { name: 'Leon Johnston' });
  const trunk = await admin.trunks.list({ cluster: 'tpa1', limit: 1 });
  const forbidden = await helpdesk.trunks.update(`tpa1/${trunk.items[0]!.id}`, { channels: 10 }).then(() => 'allowed', (e: AcmError) => e.kind);
  console.log(`helpdesk renamed ${renamed.key}; helpdesk on a trunk: ${forbidden}`);
  check(forbidden === 'forbidden', 'helpdesk changed a trunk');
  await helpdesk.close();

  // A batch from the group template: planned, then created in one journaled write.
  const batch = await admin.submitBatch({ group: 'USSales', cluster: 'tpa1', from: '6110', to: '6112' });
  console.log(`batch ${batch.status}: ${batch.extensions.map((x) => x.number).join(', ')}`);

  // Commit tpa1: the gate, staging on both servers, backups, the switch; then what it changed.
  const first = await admin.commit({ cluster: 'tpa1' });
  await admin.extensions.update('tpa1/6112', { name: 'Pat Example' });
  const second = await admin.commit({ cluster: 'tpa1' });
  const id = second.deployments[0]!.id!;
  const diff = await admin.deploymentDiff(id);
  console.log(`deployment #${id} against #${diff.against}: ${diff.files.map((f) => `${f.server}:${f.path}`).join(', ')}`);
  check(first.ok && second.ok && diff.files.some((f) => f.diff.includes('+') && f.diff.includes('Pat Example')), 'the diff does not show the rename');

  // Live status from AMI simulators (loopback), written to the store and read back.
  await admin.pollOnce({ simulate: true, cluster: 'tpa1' });
  const status = await admin.status({ fromStore: true, cluster: 'tpa1', group: 'USSales' });
  console.log(`tpa1 USSales: ${status.view.extensions.map((e) => `${e.extension} ${e.statusText}`).join('; ')}`);

  // The health home and HA verify against stand-ins: never the guide's 10.x/192.168.x servers.
  const health = await admin.health({ simulate: true });
  const ha = await admin.haVerify({ simulate: true, faults: { down: ['ast16'] }, cluster: 'tpa1' });
  console.log(`health ${health.health.level} (exit ${health.health.exitCode}); tpa1 with ast16 down: ${ha.clusters[0]?.state}`);
  check(health.health.exitCode === 0 && ha.clusters[0]?.state === 'FAILOVER', 'unexpected health');
} finally {
  await admin.close();
  await rm(dir, { recursive: true, force: true });
}
