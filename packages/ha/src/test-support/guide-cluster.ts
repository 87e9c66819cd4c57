import type { Cluster } from '@acm/core';
import { fixture } from './fixture.js';
import type { FixtureAnswer } from './fixture-exec.js';
import { PROBES } from '../verify/server-facts.js';

/** The guide's TPA1 pair (section 1.0): ast16 primary, ast15 secondary, voice VIP .218. Tests only. */
export const GUIDE_CLUSTER: Cluster = {
  id: 'tpa1',
  site: 'tpa',
  voiceVip: { address: '192.168.0.218', interface: 'eth0' },
  dundiEid: '00:50:56:aa:bb:01',
  servers: [
    { id: 'ast16', hostname: 'ast16.kcc.com', address: '192.168.0.216', role: 'primary' },
    { id: 'ast15', hostname: 'ast15.kcc.com', address: '192.168.0.215', role: 'secondary' },
  ],
  trunkInterfaces: [
    { name: 'talktalk', address: '172.20.15.1', provider: 'IPS/TALKTALK' },
    { name: 'bt', address: '172.20.16.1', provider: 'BT', configured: false },
  ],
};

const k = (argv: readonly string[]): string => argv.join(' ');

/** Recorded outputs of every probe on one of the guide's servers (healthy pair). */
export function guideAnswers(server: 'ast16' | 'ast15'): Record<string, FixtureAnswer> {
  const dir = server === 'ast16' ? 'ast16-netns' : 'ast15-netns';
  const answers: Record<string, FixtureAnswer> = {
    [k(PROBES.ipJsonAddr)]: fixture(`${dir}/ip-j-addr.json`),
    [k(PROBES.ipRule)]: fixture(`${dir}/ip-rule.txt`),
    [k(PROBES.ipRouteAll)]: fixture(`${dir}/ip-route-table-all.txt`),
    [k(PROBES.asteriskUptime)]: server === 'ast16' ? fixture('guide/asterisk-core-show-uptime-ast16.txt') : fixture('asterisk/cli-core-show-uptime.txt'),
    [k(PROBES.configHashes(['/etc/asterisk']))]: fixture('sha256sum/server-a.txt'),
  };
  for (const a of ['192.168.0.216', '192.168.0.215', '192.168.0.218']) answers[k(PROBES.ping(a))] = { code: 0, stdout: `1 packets transmitted, 1 received, 0% packet loss\n` };
  return answers;
}
