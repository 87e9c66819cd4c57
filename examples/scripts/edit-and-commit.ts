/**
 * Edit an extension in the store, see it waiting, commit it to a two-server cluster (local
 * directories stand in for the servers), watch a failure on the second server put both back,
 * then roll back by deployment id. Run: npx tsx examples/scripts/edit-and-commit.ts
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store, formatPath, loadEnterprise, type DeploymentPlan } from '@acm/core';
import { deployerFor } from '@acm/ha';
import { planDeployments } from '@acm/render';

const demo = fileURLToPath(new URL('../enterprise', import.meta.url));
const dir = await mkdtemp(join(tmpdir(), 'acm-example-'));
const check = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(`unexpected: ${what}`);
};

const store = await Store.open(`sqlite:${join(dir, 'acm.db')}`);
try {
  const loaded = await loadEnterprise(demo);
  if (loaded.enterprise === undefined) throw new Error('the demo enterprise did not load');
  await store.importEnterprise(loaded.enterprise, { actor: 'setup' });

  const servers = (cluster: string) => join(dir, 'servers', cluster);
  // Local directories stand in for the servers: ams's ast51 is <dir>/servers/ams/ast51. Without
  // targetDir the same deployer reaches every server over SSH from its `ssh` endpoint.
  const deployer = deployerFor(store, loaded.enterprise, { targetDir: servers('ams') });
  // Renders the store's current model and diffs each server's files against ams's last deployment.
  const planAms = async (): Promise<DeploymentPlan> => {
    const enterprise = await store.exportEnterprise();
    if (enterprise === undefined) throw new Error('empty store');
    const { plans, diagnostics } = await planDeployments(store, deployer, enterprise, { clusters: ['ams'] });
    // Problems the render met (a secret it cannot resolve...) come back as diagnostics with model paths.
    if (diagnostics.length > 0) throw new Error(`cannot render ams: ${diagnostics.map((d) => `${d.code} at ${formatPath(d.path)}`).join('; ')}`);
    const [plan] = plans;
    if (plan === undefined) throw new Error('no plan for ams');
    return plan;
  };

  // 1. First commit of cluster ams (servers ast51 and ast52).
  const first = await deployer.apply(await planAms(), { actor: 'alice' });
  console.log(`deployment #${first.id}: ${first.ok ? 'ok' : first.reason}`);
  check(first.ok, 'first commit failed');

  // 2. Edit an extension through the SDK: validated and journaled.
  const refused = await store.extensions.update('ams/6179', { group: 'NoSuchGroup' }, { actor: 'alice' });
  console.log(`edit with an unknown group refused: ${refused.diagnostics.map((d) => d.code).join(', ')}`);
  check(!refused.ok, 'a bad edit was accepted');
  const edit = await store.extensions.update('ams/6179', { name: 'Anne Stamp-Horn' }, { actor: 'alice' });
  check(edit.ok, 'the edit was refused');
  const waiting = (await store.changesWaiting('ams'))[0];
  console.log(`ams: ${waiting?.entries.length} change(s) waiting: ${waiting?.entries.map((e) => `${e.action} ${e.key}`).join(', ')}`);

  // 3. Break the second server (a file where its config directory should be): the commit fails and
  //    both servers keep their old files.
  const plan = await planAms();
  const ast52 = join(servers('ams'), 'ast52', 'etc', 'asterisk');
  await rm(ast52, { recursive: true });
  await writeFile(ast52, 'broken');
  const failed = await deployer.apply(plan, { actor: 'alice' });
  console.log(`deployment #${failed.id}: failed: ${failed.reason}; servers: ${JSON.stringify(failed.servers)}`);
  check(!failed.ok && failed.servers.ast51 !== 'switched', 'the failed commit left ast51 switched');
  const ast51conf = await readFile(join(servers('ams'), 'ast51', 'etc', 'asterisk', 'pjsip.conf'), 'utf8');
  check(!ast51conf.includes('Anne Stamp-Horn'), 'ast51 has the new files after a failed commit');

  // 4. Repair the server and commit again: the previous files are restored on ast52 by the new set.
  await rm(ast52);
  const second = await deployer.apply(await planAms(), { actor: 'alice' });
  console.log(`deployment #${second.id}: ${second.ok ? 'ok' : second.reason}`);
  check(second.ok, 'second commit failed');

  // 5. Roll back to the first deployment by id, and list the history.
  const back = await deployer.rollback(first.id as number, { actor: 'bob' });
  check(back.ok, 'rollback failed');
  for (const d of await deployer.history({ cluster: 'ams' })) {
    console.log(`#${d.id} ${d.status} by ${d.actor}${d.rollbackOf === null ? '' : ` (rollback of #${d.rollbackOf})`}${d.reason === null ? '' : `: ${d.reason}`}`);
  }
} finally {
  await store.close();
  await rm(dir, { recursive: true, force: true });
}
