/** One address on an interface, as `ip addr` reports it. */
export interface IpAddress {
  readonly family: 'inet' | 'inet6';
  readonly address: string;
  readonly prefixLength: number;
  /** `global`, `link`, `host`... */
  readonly scope: string;
  /** IPv4 label (`eth0`, `eth0:1` for an alias), when shown. */
  readonly label?: string;
  /** True for a secondary address in the same subnet (how a VIP usually appears). */
  readonly secondary: boolean;
  /** True while IPv6 duplicate address detection has not finished. */
  readonly tentative: boolean;
}

/** One interface with its addresses. */
export interface IpInterface {
  readonly index: number;
  readonly name: string;
  /** Operational state (`UP`, `DOWN`, `UNKNOWN`); absent in the one-line format. */
  readonly operState?: string;
  /** Interface flags (`UP`, `LOWER_UP`...); empty in the one-line format. */
  readonly flags: readonly string[];
  readonly addresses: readonly IpAddress[];
}

interface RawAddr {
  family?: unknown;
  local?: unknown;
  prefixlen?: unknown;
  scope?: unknown;
  label?: unknown;
  secondary?: unknown;
  tentative?: unknown;
}
interface RawLink {
  ifindex?: unknown;
  ifname?: unknown;
  operstate?: unknown;
  flags?: unknown;
  addr_info?: unknown;
}

/**
 * Parses `ip -j addr` (iproute2 JSON). Returns `undefined` when the text is not that JSON.
 */
export function parseIpJsonAddr(text: string): IpInterface[] | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(raw)) return undefined;
  const out: IpInterface[] = [];
  for (const l of raw as RawLink[]) {
    if (typeof l.ifname !== 'string' || typeof l.ifindex !== 'number') continue;
    const addresses: IpAddress[] = [];
    for (const a of Array.isArray(l.addr_info) ? (l.addr_info as RawAddr[]) : []) {
      if ((a.family !== 'inet' && a.family !== 'inet6') || typeof a.local !== 'string') continue;
      addresses.push({
        family: a.family,
        address: a.local,
        prefixLength: typeof a.prefixlen === 'number' ? a.prefixlen : a.family === 'inet' ? 32 : 128,
        scope: typeof a.scope === 'string' ? a.scope : 'global',
        ...(typeof a.label === 'string' ? { label: a.label } : {}),
        secondary: a.secondary === true,
        tentative: a.tentative === true,
      });
    }
    out.push({
      index: l.ifindex,
      name: l.ifname,
      ...(typeof l.operstate === 'string' ? { operState: l.operstate } : {}),
      flags: Array.isArray(l.flags) ? (l.flags as unknown[]).filter((f): f is string => typeof f === 'string') : [],
      addresses,
    });
  }
  return out;
}

/**
 * Parses `ip -o addr` (one line per address, continuation shown as `\`).
 *
 * @example
 * ```ts
 * parseIpOneLineAddr('3: eth0    inet 192.168.0.218/24 scope global secondary eth0:1\\       valid_lft forever ...')
 * // [{ index: 3, name: 'eth0', flags: [], addresses: [{ address: '192.168.0.218', secondary: true, label: 'eth0:1', ... }] }]
 * ```
 */
export function parseIpOneLineAddr(text: string): IpInterface[] {
  const byIndex = new Map<number, { index: number; name: string; flags: string[]; addresses: IpAddress[] }>();
  for (const line of text.split('\n')) {
    const m = /^(\d+):\s+(\S+)\s+(inet6?)\s+([^\s/]+)(?:\/(\d+))?\s*(.*)$/.exec(line);
    if (m === null) continue;
    const [, idx, name, family, address, prefix, rest] = m as unknown as [string, string, string, 'inet' | 'inet6', string, string | undefined, string];
    const words = (rest.split('\\')[0] ?? '').trim().split(/\s+/);
    let scope = 'global';
    let label: string | undefined;
    let secondary = false;
    let tentative = false;
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (w === 'scope') scope = words[++i] ?? scope;
      else if (w === 'brd' || w === 'peer' || w === 'metric') i++;
      else if (w === 'secondary') secondary = true;
      else if (w === 'tentative') tentative = true;
      // The IPv4 label is the last word of the address part (the interface name or an alias).
      else if (family === 'inet' && i === words.length - 1 && w !== undefined && w !== '' && (w === name || w.startsWith(`${name}:`))) label = w;
    }
    const iface = byIndex.get(Number(idx)) ?? { index: Number(idx), name: name.replace(/@.*$/, ''), flags: [], addresses: [] };
    iface.addresses.push({
      family,
      address,
      prefixLength: prefix === undefined ? (family === 'inet' ? 32 : 128) : Number(prefix),
      scope,
      ...(label === undefined ? {} : { label }),
      secondary,
      tentative,
    });
    byIndex.set(Number(idx), iface);
  }
  return [...byIndex.values()];
}

/** The interface that carries `address`, if any. */
export function interfaceWithAddress(interfaces: readonly IpInterface[], address: string): IpInterface | undefined {
  return interfaces.find((i) => i.addresses.some((a) => a.address === address));
}
