// Nightly health report, as a site would cron it:
//
//   15 2 * * *  cd /opt/acm && npx tsx examples/scripts/nightly-health.ts /etc/acm/enterprise --out /var/log/acm
//
// With an enterprise path it checks every cluster over SSH (pinned host keys from the model),
// every replication topology over MySQL, and every server's fail2ban/iptables/disk/load; it
// writes `health-<date>.json` and `health-<date>.txt` to --out and prints the table.
// Without a path it runs a self-contained demo against THIS machine (no network, no SSH, no
// MySQL): one cluster whose single server is the local host, read through LocalExec.
// Exits 0 when the report was produced; add --exit-code to exit with the monitoring code instead
// (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnterprise, type Enterprise } from '@acm/core';
import { LocalExec, checkEnterpriseHealth, renderEnterpriseHealth, renderSipHa, type EnterpriseHealthOptions } from '@acm/ha';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const path = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--out');
const out = flag('--out') ?? (await mkdtemp(join(tmpdir(), 'acm-nightly-')));

let model: Pick<Enterprise, 'clusters' | 'replication'>;
let options: EnterpriseHealthOptions;
if (path !== undefined) {
  const loaded = await loadEnterprise(path);
  if (loaded.enterprise === undefined) {
    console.error(`cannot read ${path}: ${loaded.diagnostics[0]?.message ?? 'unknown error'}`);
    process.exit(2);
  }
  model = loaded.enterprise;
  // No AMI poller figures in a cron job: ITSP is not monitored here (neutral, not UNKNOWN).
  options = { thresholds: { diskWarn: 80, diskCrit: 90, jails: ['sshd', 'asterisk'] }, itsp: 'not-monitored' };
} else {
  // Demo: this machine is the only server of cluster "lab"; its VIP is the loopback address.
  const local = new LocalExec();
  model = {
    clusters: [{
      id: 'lab', site: 'here', dundiEid: '00:00:00:00:00:01',
      voiceVip: { address: '127.0.0.1', interface: 'lo' },
      servers: [{ id: 'this-host', hostname: 'localhost', address: '127.0.0.1', role: 'primary' }],
    }],
    replication: [],
  };
  options = { execFor: () => local, skipReplication: true, itsp: 'not-monitored', thresholds: { diskWarn: 80, diskCrit: 90 } };
}

const started = Date.now();
const result = await checkEnterpriseHealth(model, options);
const stamp = new Date().toISOString().slice(0, 10);
const text = [
  `ACM nightly health ${new Date().toISOString()} (${Date.now() - started} ms)`,
  '',
  renderEnterpriseHealth(result.health),
  ...result.ha.map((r) => `== ${r.cluster}: ${r.state}\n${renderSipHa(r, r.active ?? r.servers[0]?.id ?? '')}`),
  ...result.health.diagnostics.map((d) => `${d.severity.padEnd(7)} ${d.code}  ${d.message}`),
].join('\n');
await mkdir(out, { recursive: true });
await writeFile(join(out, `health-${stamp}.txt`), `${text}\n`);
// The JSON holds reports only: no secret of the model is ever part of them.
await writeFile(join(out, `health-${stamp}.json`), `${JSON.stringify({ level: result.health.level, exitCode: result.health.exitCode, health: result.health, ha: result.ha, replication: result.replication, hosts: result.hosts }, null, 2)}\n`);
console.log(text);
console.log(`\nwrote ${join(out, `health-${stamp}.txt`)} and .json; overall ${result.health.level}`);
if (result.hosts.every((h) => !h.facts.reachable)) {
  console.error('no server could be read');
  process.exit(1);
}
process.exitCode = args.includes('--exit-code') ? result.health.exitCode : 0;
