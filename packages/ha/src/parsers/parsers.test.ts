import { describe, expect, it } from 'vitest';
import { fixture } from '../test-support/fixture.js';
import { interfaceWithAddress, parseIpJsonAddr, parseIpOneLineAddr } from './ip-addr.js';
import { parseIpRules } from './ip-rule.js';
import { parseIpRoutes } from './ip-route.js';
import { parseIptablesList, parseIptablesSave } from './iptables.js';
import { parseFail2banJailStatus, parseFail2banStatus } from './fail2ban.js';
import { parseDfP } from './df.js';
import { parseLoadAvg } from './loadavg.js';
import { parseSha256sum } from './sha256sum.js';
import { parseAsteriskDuration, parseCoreShowUptime, parsePjsipShowContacts, parsePjsipShowRegistrations } from './asterisk-cli.js';

// Fixtures were captured from the real tools on Debian 12: debian12/ on this machine,
// ast16-netns/ and ast15-netns/ in a network namespace wired like the guide's HA pair
// (see test/fixtures/capture-host.sh), asterisk/ from a real Asterisk 22.10.1.

describe('ip addr', () => {
  it('reads the JSON and the one-line formats into the same interfaces', () => {
    for (const dir of ['ast16-netns', 'ast15-netns', 'debian12']) {
      const json = parseIpJsonAddr(fixture(`${dir}/ip-j-addr.json`)) ?? [];
      const one = parseIpOneLineAddr(fixture(`${dir}/ip-o-addr.txt`));
      const strip = (l: typeof json) =>
        l.filter((i) => i.addresses.length > 0).map((i) => ({ index: i.index, name: i.name, addresses: i.addresses.map((a) => ({ ...a, label: a.label ?? null })) }));
      // ip -o addr omits the label of IPv6 addresses; JSON does too, so both sides agree.
      expect(strip(one)).toEqual(strip(json));
      expect(json.length).toBeGreaterThan(0);
    }
  });

  it('finds the VIP as a secondary alias on eth0 of the master', () => {
    const ifs = parseIpJsonAddr(fixture('ast16-netns/ip-j-addr.json')) ?? [];
    const eth0 = interfaceWithAddress(ifs, '192.168.0.218');
    expect(eth0?.name).toBe('eth0');
    expect(eth0?.operState).toBe('UP');
    expect(eth0?.addresses.find((a) => a.address === '192.168.0.218')).toMatchObject({ prefixLength: 24, secondary: true, label: 'eth0:1', family: 'inet' });
    const v6 = eth0?.addresses.find((a) => a.family === 'inet6');
    expect(v6).toMatchObject({ scope: 'link', tentative: true });
    expect(interfaceWithAddress(parseIpJsonAddr(fixture('ast15-netns/ip-j-addr.json')) ?? [], '192.168.0.218')).toBeUndefined();
    expect(parseIpJsonAddr('not json')).toBeUndefined();
  });
});

describe('ip rule / ip route', () => {
  it('reads per-interface rules', () => {
    const rules = parseIpRules(fixture('ast16-netns/ip-rule.txt'));
    expect(rules.map((r) => [r.priority, r.from, r.table])).toEqual([
      [0, 'all', 'local'],
      [1000, '192.168.0.216', '1'],
      [1001, '192.168.0.218', '1'],
      [1002, '192.168.19.216', '2'],
      [1003, '172.20.15.1', '3'],
      [32766, 'all', 'main'],
      [32767, 'all', 'default'],
    ]);
    expect(parseIpRules('9: not from all fwmark 0x1 lookup 7\n10:\tfrom all iif eth3 unreachable')).toEqual([
      { priority: 9, not: true, from: 'all', fwmark: '0x1', table: '7' },
      { priority: 10, not: false, from: 'all', iif: 'eth3', action: 'unreachable' },
    ]);
  });

  it('reads every table of `ip route show table all`', () => {
    const routes = parseIpRoutes(fixture('ast16-netns/ip-route-table-all.txt'));
    expect(routes.filter((r) => r.table === '2')).toEqual([
      { type: 'unicast', destination: 'default', family: 'inet', table: '2', via: '192.168.19.135', dev: 'eth1' },
      { type: 'unicast', destination: '192.168.19.0/24', family: 'inet', table: '2', dev: 'eth1', scope: 'link', src: '192.168.19.216' },
    ]);
    const mainDefault = routes.find((r) => r.table === 'main' && r.destination === 'default');
    expect(mainDefault).toMatchObject({ via: '192.168.0.1', dev: 'eth0' });
    expect(routes.find((r) => r.type === 'local' && r.destination === '192.168.0.218')).toMatchObject({ table: 'local', src: '192.168.0.216' });
    const host = parseIpRoutes(fixture('debian12/ip-route-table-all.txt'));
    expect(host.find((r) => r.family === 'inet6' && r.destination === 'default')).toMatchObject({ via: 'fd00::1', metric: 1024, table: 'main' });
  });
});

describe('iptables', () => {
  it('reads chains, counters and the f2b/blacklist rules of -L -n -v -x', () => {
    const chains = parseIptablesList(fixture('ast16-netns/iptables-L-n-v-x.txt'));
    expect(chains.map((c) => c.name)).toEqual(['INPUT', 'FORWARD', 'OUTPUT', 'BLACKLIST-INPUT', 'f2b-asterisk-tcp', 'f2b-asterisk-udp', 'f2b-sshd']);
    const input = chains[0];
    expect(input).toMatchObject({ policy: 'ACCEPT', packets: 0, bytes: 0 });
    expect(input?.rules[2]).toEqual({
      packets: 31, bytes: 16053, target: 'f2b-asterisk-udp', protocol: '17', in: '*', out: '*',
      source: '0.0.0.0/0', destination: '0.0.0.0/0', options: 'multiport dports 5060,5061',
    });
    const udp = chains.find((c) => c.name === 'f2b-asterisk-udp');
    expect(udp?.references).toBe(1);
    expect(udp?.rules.map((r) => [r.target, r.source, r.packets])).toEqual([
      ['REJECT', '198.51.100.23', 0],
      ['REJECT', '203.0.113.7', 0],
      ['RETURN', '0.0.0.0/0', 76],
    ]);
    const bl = chains.find((c) => c.name === 'BLACKLIST-INPUT');
    expect(bl?.rules.reduce((n, r) => n + r.packets, 0)).toBe(88); // 86 + 1 + 1
  });

  it('reads a rule without a target', () => {
    const [c] = parseIptablesList('Chain X (0 references)\n    pkts      bytes target     prot opt in     out     source               destination\n       5      300            6    --  *      *       10.0.0.1             0.0.0.0/0\n');
    expect(c?.rules[0]).toMatchObject({ packets: 5, target: '', protocol: '6', source: '10.0.0.1' });
  });

  it('reads iptables-save, with and without counters', () => {
    const [filter] = parseIptablesSave(fixture('ast16-netns/iptables-save.txt'));
    expect(filter?.name).toBe('filter');
    expect(filter?.chains.map((c) => `${c.name}:${c.policy}`)).toEqual([
      'INPUT:ACCEPT', 'FORWARD:ACCEPT', 'OUTPUT:ACCEPT', 'BLACKLIST-INPUT:-', 'f2b-asterisk-tcp:-', 'f2b-asterisk-udp:-', 'f2b-sshd:-',
    ]);
    expect(filter?.rules.filter((r) => r.chain === 'f2b-sshd')).toEqual([
      { chain: 'f2b-sshd', args: ['-s', '203.0.113.99/32', '-j', 'REJECT', '--reject-with', 'icmp-port-unreachable'], target: 'REJECT' },
      { chain: 'f2b-sshd', args: ['-j', 'RETURN'], target: 'RETURN' },
    ]);
    const [t] = parseIptablesSave('*filter\n:INPUT DROP [3:120]\n[76:39543] -A INPUT -m comment --comment "two words" -j ACCEPT\nCOMMIT\n');
    expect(t?.chains[0]).toEqual({ name: 'INPUT', policy: 'DROP', packets: 3, bytes: 120 });
    expect(t?.rules[0]).toEqual({ chain: 'INPUT', args: ['-m', 'comment', '--comment', 'two words', '-j', 'ACCEPT'], target: 'ACCEPT', packets: 76, bytes: 39543 });
  });
});

describe('fail2ban-client', () => {
  it('reads the jail list and each jail', () => {
    expect(parseFail2banStatus(fixture('ast16-netns/fail2ban-status.txt'))).toEqual({ jails: ['asterisk', 'mysqld-auth', 'sshd'] });
    const ast = parseFail2banJailStatus(fixture('ast16-netns/fail2ban-status-asterisk.txt'));
    expect(ast).toMatchObject({ jail: 'asterisk', currentlyFailed: 0, totalFailed: 0, currentlyBanned: 2, totalBanned: 2, bannedIps: ['203.0.113.7', '198.51.100.23'] });
    expect(ast?.files[0]).toMatch(/asterisk\.log$/);
    expect(parseFail2banJailStatus(fixture('ast16-netns/fail2ban-status-mysqld-auth.txt'))).toMatchObject({ jail: 'mysqld-auth', currentlyBanned: 0, bannedIps: [] });
    expect(parseFail2banJailStatus(fixture('ast16-netns/fail2ban-status-unknown-jail.txt'))).toBeUndefined();
    expect(parseFail2banStatus(fixture('ast16-netns/fail2ban-status-unknown-jail.txt'))).toBeUndefined();
  });
});

describe('df, loadavg, sha256sum', () => {
  it('reads df -P from this machine', () => {
    const df = parseDfP(fixture('debian12/df-P.txt'));
    expect(df.find((d) => d.mountedOn === '/')).toEqual({ filesystem: '/dev/vda', blocks: 264212084, used: 23271948, available: 83118964, usePercent: 22, mountedOn: '/' });
    expect(df.every((d) => d.filesystem !== 'Filesystem')).toBe(true);
    expect(parseDfP('Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/sdb1 100 50 50 50% /mnt/with space\n')[0]?.mountedOn).toBe('/mnt/with space');
  });

  it('reads /proc/loadavg', () => {
    expect(parseLoadAvg(fixture('debian12/loadavg.txt'))).toEqual({ load1: 0.75, load5: 0.36, load15: 0.16, running: 1, total: 84, lastPid: 13461 });
    expect(parseLoadAvg('garbage')).toBeUndefined();
  });

  it('reads sha256sum lists, including an escaped name with a newline', () => {
    const a = parseSha256sum(fixture('sha256sum/server-a.txt'));
    expect(a.map((e) => e.path)).toEqual(['etc/asterisk/extensions.conf', 'etc/asterisk/pjsip.conf', 'etc/asterisk/sip.conf', 'etc/asterisk/odd\nname.conf']);
    expect(a[3]?.sha256).toBe('73cb3858a687a8494ca3323053016282f3dad39d42cf62ca4e79dda2aac7d9ac');
    const b = parseSha256sum(fixture('sha256sum/server-b.txt'));
    expect(b).toHaveLength(3);
    expect(b[2]?.sha256).not.toBe(a[2]?.sha256);
    expect(b[0]?.sha256).toBe(a[0]?.sha256);
  });
});

describe('asterisk -rx', () => {
  it('reads core show uptime', () => {
    // 1 minute, 22 seconds = 82 s.
    expect(parseCoreShowUptime(fixture('asterisk/cli-core-show-uptime.txt'))).toEqual({ running: true, systemUptimeSeconds: 82, lastReloadSeconds: 5, notices: [] });
    expect(parseAsteriskDuration('1 week, 2 days, 3 hours, 1 minute, 1 second')).toBe(604800 + 2 * 86400 + 3 * 3600 + 60 + 1);
    expect(parseCoreShowUptime('Unable to connect to remote asterisk (does /var/run/asterisk/asterisk.ctl exist?)\n')).toMatchObject({ running: false });
    expect(parseCoreShowUptime(fixture('asterisk/cli-invalid-command.txt')).running).toBe(false);
  });

  it('reads pjsip show registrations', () => {
    expect(parsePjsipShowRegistrations(fixture('asterisk/cli-pjsip-show-registrations.txt'))).toEqual([
      { id: 'trunk-b', serverUri: 'sip:127.0.0.1:5062', auth: 'trunk-b-auth', status: 'Registered', expiresInSeconds: 104 },
    ]);
    expect(parsePjsipShowRegistrations(fixture('asterisk/cli-B-pjsip-show-registrations.txt'))[0]).toMatchObject({ id: 'a-6003', expiresInSeconds: 77 });
    expect(parsePjsipShowRegistrations('No objects found.\n')).toEqual([]);
  });

  it('reads pjsip show contacts', () => {
    expect(parsePjsipShowContacts(fixture('asterisk/cli-pjsip-show-contacts.txt'))).toEqual([
      { aor: '6003', uri: 'sip:6003@127.0.0.1:5062', hash: 'b95bf1f4c3', status: 'NonQual', rttMs: null },
      { aor: 'trunk-b', uri: 'sip:127.0.0.1:5062', hash: 'f425b0eba8', status: 'Avail', rttMs: 0.753 },
    ]);
    expect(parsePjsipShowContacts(fixture('asterisk/cli-B-pjsip-show-contacts-after-A-stopped.txt'))).toEqual([
      { aor: 'siteA', uri: 'sip:siteA@127.0.0.1:5060', hash: '061c536ea9', status: 'Unavail', rttMs: null },
    ]);
  });
});
