import { createHash } from 'node:crypto';
import { ExecError, assertArgv } from '@acm/core';
import type { Cluster, Enterprise, Exec, ExecOptions, ExecResult, Server } from '@acm/core';
import { HEALTH_PROBES } from '../health/host-health.js';
import { PROBES } from '../verify/server-facts.js';

/** Faults planted in a simulation, so a demo can show FAILOVER, DOWN or DEGRADED. */
export interface SimulatedFaults {
  /** Servers that cannot be reached: every command fails as a refused connection. */
  readonly down?: readonly string[];
  /**
   * Who holds the VIPs (voice and web) of a cluster, by cluster id: a server id, several (a split
   * brain) or none (`[]`: nobody). Default: the primary, or the first secondary that is not down
   * when the primary is (the pair failed over).
   */
  readonly vipOn?: Readonly<Record<string, string | readonly string[]>>;
  /** Use of the root filesystem in percent, by server id (default 22). */
  readonly diskPercent?: Readonly<Record<string, number>>;
  /** Servers whose Asterisk is not running (`core show uptime` cannot connect). */
  readonly asteriskDown?: readonly string[];
  /** Servers whose `pjsip.conf` differs from their peers' (a config-sync finding). */
  readonly configDrift?: readonly string[];
}

/** Options of {@link simulatedHosts}. */
export interface SimulatedHostsOptions {
  readonly faults?: SimulatedFaults;
  /** 1-, 5- and 15-minute load of every server (default 0.75 0.36 0.16 on 4 CPUs). */
  readonly load?: readonly [number, number, number];
}

/** The stand-ins of {@link simulatedHosts}. */
export interface SimulatedHosts {
  /** The transport to each server: an in-process {@link Exec} that never touches the network. */
  readonly execFor: (server: Server) => Exec;
  /** The argv each server was asked to run, by server id (for tests and demos). */
  readonly calls: ReadonlyMap<string, readonly (readonly string[])[]>;
}

interface Iface {
  readonly name: string;
  readonly table: number;
  /** Addresses in order: the first is the interface's own, the others aliases (VIPs). */
  readonly addresses: { readonly address: string; readonly alias: boolean }[];
}

const net24 = (a: string): string => a.split('.').slice(0, 3).join('.');
const lastOctet = (a: string): string => a.split('.')[3] ?? '1';

const JAILS = ['asterisk', 'sshd'] as const;
const CONFIG_FILES = ['extensions.conf', 'pjsip.conf', 'queues.conf', 'voicemail.conf'] as const;
const UPTIME = 'System uptime: 2 weeks, 3 days, 4 hours, 10 minutes, 2 seconds\nLast reload: 1 day, 2 hours, 3 minutes, 4 seconds\n';
const NO_ASTERISK = 'Unable to connect to remote asterisk (does /var/run/asterisk/asterisk.ctl exist?)\n';

/** Who holds a cluster's VIPs in the simulation. */
function vipHolders(cluster: Cluster, faults: SimulatedFaults): readonly string[] {
  const planted = faults.vipOn?.[cluster.id];
  if (planted !== undefined) return typeof planted === 'string' ? [planted] : planted;
  const down = new Set(faults.down ?? []);
  const primary = cluster.servers.find((s) => s.role === 'primary' && !down.has(s.id));
  const next = primary ?? cluster.servers.find((s) => !down.has(s.id));
  return next === undefined ? [] : [next.id];
}

/** The interfaces of one server: own address on the voice VIP's interface, the web subnet, replication, trunks. */
function interfacesOf(cluster: Cluster, server: Server, holds: boolean): Iface[] {
  const ifaces: Iface[] = [];
  const put = (address: string, preferred: string | undefined, alias: boolean): void => {
    const same = ifaces.find((i) => i.addresses.some((a) => net24(a.address) === net24(address)));
    if (same !== undefined) {
      if (!same.addresses.some((a) => a.address === address)) same.addresses.push({ address, alias });
      return;
    }
    const used = new Set(ifaces.map((i) => i.name));
    let name = preferred !== undefined && !used.has(preferred) ? preferred : undefined;
    for (let n = 0; name === undefined; n++) if (!used.has(`eth${n}`)) name = `eth${n}`;
    ifaces.push({ name, table: ifaces.length + 1, addresses: [{ address, alias }] });
  };
  put(server.address, cluster.voiceVip.interface, false);
  if (cluster.webVip !== undefined) put(`${net24(cluster.webVip.address)}.${lastOctet(server.address)}`, cluster.webVip.interface, false);
  if (server.replicationAddress !== undefined) put(server.replicationAddress, undefined, false);
  if (holds) {
    put(cluster.voiceVip.address, cluster.voiceVip.interface, true);
    if (cluster.webVip !== undefined) put(cluster.webVip.address, cluster.webVip.interface, true);
    // The trunk interfaces follow the voice service (the guide's TALKTALK address moves with the VIP).
    for (const t of cluster.trunkInterfaces ?? []) if (t.configured !== false) put(t.address, undefined, false);
  }
  return ifaces;
}

function ipJsonAddr(ifaces: readonly Iface[]): string {
  const lo = { ifindex: 1, ifname: 'lo', flags: ['LOOPBACK', 'UP', 'LOWER_UP'], mtu: 65536, qdisc: 'noqueue', operstate: 'UNKNOWN', group: 'default', txqlen: 1000, link_type: 'loopback', address: '00:00:00:00:00:00', broadcast: '00:00:00:00:00:00', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host', label: 'lo', valid_life_time: 4294967295, preferred_life_time: 4294967295 }] };
  const links = ifaces.map((i, n) => ({
    ifindex: n + 2, ifname: i.name, flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, qdisc: 'fq_codel', operstate: 'UP', group: 'default', txqlen: 1000,
    link_type: 'ether', address: `52:54:00:00:${(n + 2).toString(16).padStart(2, '0')}:01`, broadcast: 'ff:ff:ff:ff:ff:ff',
    addr_info: i.addresses.map((a, k) => ({
      family: 'inet', local: a.address, prefixlen: 24, scope: 'global', ...(a.alias ? { secondary: true } : {}),
      label: a.alias ? `${i.name}:${k}` : i.name, valid_life_time: 4294967295, preferred_life_time: 4294967295,
    })),
  }));
  return `${JSON.stringify([lo, ...links])}\n`;
}

function ipRule(ifaces: readonly Iface[]): string {
  const lines = ['0:\tfrom all lookup local'];
  let prio = 1000;
  for (const i of ifaces) for (const a of i.addresses) lines.push(`${prio++}:\tfrom ${a.address} lookup ${i.table}`);
  lines.push('32766:\tfrom all lookup main', '32767:\tfrom all lookup default');
  return `${lines.join('\n')}\n`;
}

function ipRouteAll(ifaces: readonly Iface[]): string {
  const lines: string[] = [];
  for (const i of ifaces) {
    const own = i.addresses[0]?.address ?? '';
    lines.push(`default via ${net24(own)}.1 dev ${i.name} table ${i.table} `, `${net24(own)}.0/24 dev ${i.name} table ${i.table} scope link src ${own} `);
  }
  const first = ifaces[0]?.addresses[0]?.address;
  if (first !== undefined) lines.push(`default via ${net24(first)}.1 dev ${ifaces[0]?.name ?? 'eth0'} `);
  for (const i of ifaces) {
    const own = i.addresses[0]?.address ?? '';
    lines.push(`${net24(own)}.0/24 dev ${i.name} proto kernel scope link src ${own} `);
  }
  lines.push('local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 ');
  for (const i of ifaces) for (const a of i.addresses) lines.push(`local ${a.address} dev ${i.name} table local proto kernel scope host src ${i.addresses[0]?.address ?? a.address} `);
  return `${lines.join('\n')}\n`;
}

function df(percent: number): string {
  const total = 264212084;
  const used = Math.round((total * percent) / 100);
  const avail = total - used;
  return [
    'Filesystem     1024-blocks      Used Available Capacity Mounted on',
    'udev              12334556         0  12334556       0% /dev',
    'tmpfs              2468410      1204   2467206       1% /run',
    `/dev/vda1        ${String(total).padStart(9)} ${String(used).padStart(9)} ${String(avail).padStart(9)}      ${String(Math.ceil(percent))}% /`,
    'tmpfs             12342048         0  12342048       0% /dev/shm',
    '',
  ].join('\n');
}

const fail2banStatus = `Status\n|- Number of jail:\t${JAILS.length}\n\`- Jail list:\t${JAILS.join(', ')}\n`;
const jailStatus = (jail: string): string =>
  `Status for the jail: ${jail}\n|- Filter\n|  |- Currently failed:\t0\n|  |- Total failed:\t3\n|  \`- File list:\t/var/log/${jail === 'sshd' ? 'auth.log' : 'asterisk/messages'}\n\`- Actions\n   |- Currently banned:\t0\n   |- Total banned:\t1\n   \`- Banned IP list:\t\n`;

function iptables(): string {
  const head = '    pkts      bytes target     prot opt in     out     source               destination         ';
  const chains = ['BLACKLIST-INPUT', 'f2b-asterisk', 'f2b-sshd'];
  const jump = (c: string, extra: string): string => `       0        0 ${c.padEnd(10)} 0    --  *      *       0.0.0.0/0            0.0.0.0/0           ${extra}`;
  return [
    'Chain INPUT (policy ACCEPT 0 packets, 0 bytes)', head,
    jump('BLACKLIST-INPUT', ''), jump('f2b-asterisk', ' multiport dports 5060,5061'), jump('f2b-sshd', ' multiport dports 22'),
    '      1190    98165 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0            state RELATED,ESTABLISHED', '',
    'Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)', head, '',
    'Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)', head, '',
    ...chains.flatMap((c) => [
      `Chain ${c} (1 references)`, head,
      ...(c === 'BLACKLIST-INPUT' ? ['      86    44326 DROP       0    --  *      *       0.0.0.0/8            0.0.0.0/0           '] : []),
      '      76    39543 RETURN     0    --  *      *       0.0.0.0/0            0.0.0.0/0           ', '',
    ]),
  ].join('\n');
}

function registrations(model: Pick<Enterprise, 'trunks'>, cluster: string, active: boolean): string {
  const trunks = active ? (model.trunks ?? []).filter((t) => t.cluster === cluster && t.protocol === 'SIP' && t.register === true && t.host !== undefined) : [];
  if (trunks.length === 0) return 'No objects found.\n\n';
  const rows = trunks.map((t) => ` ${`${t.id}/sip:${t.host ?? ''}:${String(t.port ?? 5060)}`.padEnd(56)}${`${t.id}-auth`.padEnd(28)}Registered        (exp. 104s)`);
  return `\n <Registration/ServerURI..............................>  <Auth....................>  <Status.......>\n${'='.repeat(90)}\n\n${rows.join('\n')}\n\nObjects found: ${String(trunks.length)}\n\n`;
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/**
 * In-process stand-ins for every server of the model, answering the commands HA verify
 * ({@link PROBES}) and host health ({@link HEALTH_PROBES}) run, in the real Debian 12 / Asterisk
 * formats (the shapes of `packages/ha/test/fixtures`), so the same parsers and analyzers decide.
 * Nothing touches the network. The simulated enterprise is consistent with the model: the active
 * server of each cluster holds its VIPs and trunk interfaces, every address of a running server
 * answers a ping, config files are identical, trunks with `register: true` are registered on the
 * active server, fail2ban runs the `asterisk` and `sshd` jails, and the `BLACKLIST-INPUT`,
 * `f2b-asterisk` and `f2b-sshd` chains are in use. {@link SimulatedFaults} plants failures.
 *
 * @example
 * ```ts
 * const sim = simulatedHosts(enterprise, { faults: { down: ['ast16'] } });
 * const [tpa1] = await verifyEnterprise(enterprise, { cluster: 'tpa1', execFor: sim.execFor });
 * tpa1.state; // 'FAILOVER': ast15 took the VIPs
 * ```
 */
export function simulatedHosts(model: Pick<Enterprise, 'clusters'> & Partial<Pick<Enterprise, 'trunks'>>, options: SimulatedHostsOptions = {}): SimulatedHosts {
  const faults = options.faults ?? {};
  const down = new Set(faults.down ?? []);
  const calls = new Map<string, (readonly string[])[]>();
  const layout = new Map<string, { cluster: Cluster; server: Server; ifaces: Iface[]; active: boolean }>();
  // Addresses that answer a ping: every address configured on a server that is up.
  const live = new Set<string>();
  for (const cluster of model.clusters) {
    const holders = vipHolders(cluster, faults);
    for (const server of cluster.servers) {
      const active = holders.includes(server.id);
      const ifaces = interfacesOf(cluster, server, active);
      layout.set(server.id, { cluster, server, ifaces, active });
      if (!down.has(server.id)) for (const i of ifaces) for (const a of i.addresses) live.add(a.address);
    }
  }
  const [l1, l5, l15] = options.load ?? [0.75, 0.36, 0.16];

  const answer = (id: string, argv: readonly string[]): { code: number; stdout: string; stderr?: string } => {
    const at = layout.get(id);
    if (at === undefined) return { code: 127, stdout: '', stderr: `${argv[0] ?? ''}: command not found\n` };
    const key = argv.join(' ');
    const is = (probe: readonly string[]): boolean => key === probe.join(' ');
    if (is(PROBES.ipJsonAddr)) return { code: 0, stdout: ipJsonAddr(at.ifaces) };
    if (is(PROBES.ipRule)) return { code: 0, stdout: ipRule(at.ifaces) };
    if (is(PROBES.ipRouteAll)) return { code: 0, stdout: ipRouteAll(at.ifaces) };
    if (is(PROBES.asteriskUptime)) return { code: 0, stdout: (faults.asteriskDown ?? []).includes(id) ? NO_ASTERISK : UPTIME };
    if (argv[0] === 'asterisk' && argv[1] === '-rx' && argv[2] === 'pjsip show registrations') return { code: 0, stdout: registrations({ trunks: model.trunks ?? [] }, at.cluster.id, at.active) };
    if (argv[0] === 'asterisk' && argv[1] === '-rx' && argv[2] === 'pjsip show contacts') return { code: 0, stdout: 'No objects found.\n\n' };
    if (argv[0] === 'ping') {
      const target = argv[argv.length - 1] ?? '';
      return live.has(target)
        ? { code: 0, stdout: `PING ${target} (${target}) 56(84) bytes of data.\n64 bytes from ${target}: icmp_seq=1 ttl=64 time=0.180 ms\n\n--- ${target} ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 0ms\n` }
        : { code: 1, stdout: `PING ${target} (${target}) 56(84) bytes of data.\n\n--- ${target} ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n` };
    }
    if (argv[0] === 'find' && key.endsWith('-type f -exec sha256sum {} +')) {
      const paths = argv.slice(1, argv.indexOf('-type'));
      const drift = (faults.configDrift ?? []).includes(id);
      const lines = paths.flatMap((p) => CONFIG_FILES.map((f) => {
        const path = `${p.replace(/\/$/, '')}/${f}`;
        return `${sha(`${at.cluster.id}:${path}${drift && f === 'pjsip.conf' ? `:${id}` : ''}`)}  ${path}`;
      }));
      return { code: 0, stdout: `${lines.join('\n')}\n` };
    }
    if (is(HEALTH_PROBES.df)) return { code: 0, stdout: df(faults.diskPercent?.[id] ?? 22) };
    if (is(HEALTH_PROBES.loadavg)) return { code: 0, stdout: `${l1.toFixed(2)} ${l5.toFixed(2)} ${l15.toFixed(2)} 1/184 13461\n` };
    if (is(HEALTH_PROBES.nproc)) return { code: 0, stdout: '4\n' };
    if (is(HEALTH_PROBES.fail2ban)) return { code: 0, stdout: fail2banStatus };
    if (argv[0] === 'fail2ban-client' && argv[1] === 'status' && argv.length === 3) {
      const jail = argv[2] ?? '';
      return (JAILS as readonly string[]).includes(jail) ? { code: 0, stdout: jailStatus(jail) } : { code: 255, stdout: '', stderr: `ERROR  NOK: ('${jail}',)\nSorry but the jail '${jail}' does not exist\n` };
    }
    if (is(HEALTH_PROBES.iptables)) return { code: 0, stdout: iptables() };
    return { code: 127, stdout: '', stderr: `${argv[0] ?? ''}: command not found\n` };
  };

  const execFor = (server: Server): Exec => {
    const host = `sim:${server.id}`;
    const list: (readonly string[])[] = calls.get(server.id) ?? [];
    calls.set(server.id, list);
    return {
      host,
      run(argv: readonly string[], _options?: ExecOptions): Promise<ExecResult> {
        assertArgv(host, argv);
        list.push([...argv]);
        if (down.has(server.id)) return Promise.reject(new ExecError('connect', host, 'cannot connect (simulated: the server is down)'));
        const a = answer(server.id, argv);
        return Promise.resolve({ argv: [...argv], code: a.code, signal: null, stdout: a.stdout, stderr: a.stderr ?? '', timedOut: false, truncated: false, durationMs: 0 });
      },
      close: () => Promise.resolve(),
    };
  };
  return { execFor, calls };
}
