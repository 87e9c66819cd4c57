import type { HaReport, HaState } from './ha-report.js';

/** Options of {@link renderSipHa}. */
export interface RenderSipHaOptions {
  /** First line (default `ACM High Availability Routines for Asterisk`). */
  readonly title?: string;
  /** Who controls the VIPs, printed after each VIP (default `ACM`). */
  readonly controller?: string;
  /** IANA time zone of the timestamp (default `UTC`). */
  readonly timeZone?: string;
}

/** Formats a date as the guide's `sip-ha` timestamp: `MM/DD/YYYY-HH:MM:SS`. */
export function sipHaTimestamp(iso: string, timeZone = 'UTC'): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const p = (t: string): string => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('month')}/${p('day')}/${p('year')}-${p('hour')}:${p('minute')}:${p('second')}`;
}

const STATE_LINE: Record<HaState, string> = {
  NORMAL: '- NOW IN NORMAL STATE -',
  FAILOVER: '- NOW IN FAILOVER STATE -',
  DEGRADED: '- NOW IN DEGRADED STATE -',
  'SPLIT-BRAIN': '- NOW IN SPLIT-BRAIN STATE - more than one server holds a VIP',
  DOWN: '- NOW IN DOWN STATE - no server provides the voice service',
  UNKNOWN: '- STATE UNKNOWN - the servers that could hold a VIP could not be read',
};

/**
 * Renders an {@link HaReport} from one server's point of view, laid out like the guide's
 * `sip-ha -v` output.
 *
 * @example
 * ```text
 * This server is MASTER in active/standby HA pair
 * master server is : 192.168.0.216 service primary
 * slave server is  : 192.168.0.215 service secondary
 * ...
 * - NOW IN NORMAL STATE -
 * ```
 */
export function renderSipHa(report: HaReport, serverId: string, options: RenderSipHaOptions = {}): string {
  const me = report.servers.find((s) => s.id === serverId);
  if (me === undefined) return `server ${serverId} is not in cluster ${report.cluster}\n`;
  const masterId = report.active ?? report.servers.find((s) => s.role === 'primary')?.id;
  const master = report.servers.find((s) => s.id === masterId) ?? me;
  const slaves = report.servers.filter((s) => s.id !== master.id);
  const isMaster = me.id === master.id;
  const mode = report.servers.length > 2 ? 'active/standby HA cluster' : 'active/standby HA pair';
  const lines: string[] = [];
  lines.push(options.title ?? 'ACM High Availability Routines for Asterisk', '-----', '-v verify information:', '');
  lines.push(`This server is ${isMaster ? 'MASTER' : 'SLAVE'} in ${mode}`);
  lines.push(`master server is : ${master.address} service ${master.role}`);
  for (const s of slaves) lines.push(`slave server is  : ${s.address} service ${s.role}`);
  if (me.localInterface !== undefined) lines.push(`local interface  : ${me.localInterface.name} ${me.localInterface.kind}`);
  lines.push(`timestamp       : ${sipHaTimestamp(report.checkedAt, options.timeZone)}`, '');
  report.vips.forEach((v, i) => {
    const who = v.holderUnknown === true ? ' - holder UNKNOWN' : v.holders.length === 0 ? ' - NOT held by any server' : v.holders.length > 1 ? ` - held by ${v.holders.join(' AND ')}` : '';
    lines.push(`VIP service address #${i + 1} : ${v.address} controlled by ${options.controller ?? 'ACM'}${who}`);
  });
  lines.push('');
  if (!me.reachable) lines.push(`This server cannot be reached: ${me.error ?? 'unknown error'}`);
  const label = { source: 'Source IP', replication: 'Replication IP', service: 'Active services' } as const;
  for (const r of me.reach) lines.push(`${label[r.what]} ${r.address} ${r.reachable === null ? 'reachability UNKNOWN' : r.reachable ? 'reachable' : 'NOT reachable'}`);
  for (const t of report.trunks) {
    if (t.status === 'available') lines.push(`${t.provider} SIP Trunk interface ${t.address} available`);
    else if (t.status === 'down') lines.push(`${t.provider} SIP Trunk interface ${t.address} DOWN - NOT available`);
    else if (t.status === 'unknown') lines.push(`${t.provider} SIP Trunk interface ${t.address} UNKNOWN`);
    else lines.push(`${t.provider} SIP Trunk NOT configured - NOT available`);
  }
  const asterisk = me.asterisk;
  lines.push('');
  if (asterisk !== undefined) lines.push(...asterisk.notices.filter((n) => !/^(System uptime|Last reload)/.test(n)));
  if (asterisk !== undefined && !asterisk.running) lines.push('ASTERISK IS NOT RUNNING ON THIS SERVER');
  lines.push(isMaster ? `ACTIVE SERVICES ON THIS SERVER - This server is MASTER in ${mode}` : `STANDBY ON THIS SERVER - This server is SLAVE in ${mode}`);
  lines.push(STATE_LINE[report.state], '');
  if (isMaster) for (const s of slaves) lines.push(`SIP-HA will replicate local files to ${s.replicationAddress}`);
  else lines.push(`SIP-HA will receive local files from ${master.replicationAddress}`);
  return `${lines.join('\n')}\n`;
}
