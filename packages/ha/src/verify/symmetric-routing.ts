import type { IpInterface } from '../parsers/ip-addr.js';
import type { IpRoute } from '../parsers/ip-route.js';
import type { IpRule } from '../parsers/ip-rule.js';
import { parseIpv4, parseIpv4Network, inIpv4Network } from '@acm/core';

/** Symmetric routing of one interface address: the rule and table that send its replies back out of the same interface. */
export interface RoutingCheck {
  readonly interface: string;
  readonly address: string;
  /** Table the address's `from` rule looks up, if any. */
  readonly table?: string;
  /** Routes of that table (as `ip route` prints them), for the report. */
  readonly routes: readonly string[];
  readonly symmetric: boolean;
  /** Why not: `no-rule`, `empty-table`, `other-device`. */
  readonly reason?: 'no-rule' | 'empty-table' | 'other-device';
}

function ruleMatches(rule: IpRule, address: string): boolean {
  if (rule.not || rule.table === undefined || rule.from === 'all') return false;
  if (rule.from === address) return true;
  const net = parseIpv4Network(rule.from);
  const ip = parseIpv4(address);
  return net !== undefined && ip !== undefined && inIpv4Network(ip, net);
}

const SYSTEM_TABLES = new Set(['local', 'main', 'default', '255', '254', '253']);

/** Renders a route as `ip route` prints it (without the table), for reports. */
export function formatRoute(r: IpRoute): string {
  return [r.type === 'unicast' ? '' : r.type, r.destination, r.via && `via ${r.via}`, r.dev && `dev ${r.dev}`, r.scope && `scope ${r.scope}`, r.src && `src ${r.src}`]
    .filter((x) => x !== undefined && x !== '')
    .join(' ');
}

/**
 * Checks that every global IPv4 address outside loopback has a policy rule (`from <address>`)
 * into a non-system table whose default route (or, lacking one, every route) leaves by the
 * address's own interface (the guide, 2.0.3). A host with a single such interface is symmetric
 * by construction and yields no checks.
 */
export function checkSymmetricRouting(interfaces: readonly IpInterface[], rules: readonly IpRule[], routes: readonly IpRoute[]): RoutingCheck[] {
  const candidates = interfaces.filter((i) => i.name !== 'lo' && i.addresses.some((a) => a.family === 'inet' && a.scope === 'global'));
  if (candidates.length < 2) return [];
  const out: RoutingCheck[] = [];
  for (const iface of candidates) {
    for (const a of iface.addresses) {
      if (a.family !== 'inet' || a.scope !== 'global') continue;
      const rule = [...rules].sort((x, y) => x.priority - y.priority).find((r) => ruleMatches(r, a.address) && !SYSTEM_TABLES.has(r.table as string));
      if (rule === undefined) {
        out.push({ interface: iface.name, address: a.address, routes: [], symmetric: false, reason: 'no-rule' });
        continue;
      }
      const table = rule.table as string;
      const inTable = routes.filter((r) => r.table === table && r.family === 'inet');
      const shown = inTable.map(formatRoute);
      if (inTable.length === 0) {
        out.push({ interface: iface.name, address: a.address, table, routes: shown, symmetric: false, reason: 'empty-table' });
        continue;
      }
      const defaults = inTable.filter((r) => r.destination === 'default');
      const deciding = defaults.length > 0 ? defaults : inTable;
      const ok = deciding.every((r) => r.dev === iface.name);
      out.push({ interface: iface.name, address: a.address, table, routes: shown, symmetric: ok, ...(ok ? {} : { reason: 'other-device' as const }) });
    }
  }
  return out;
}
