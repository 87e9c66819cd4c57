/** One route from `ip route show table all`. */
export interface IpRoute {
  /** `unicast`, `local`, `broadcast`, `multicast`, `unreachable`, `blackhole`, ... */
  readonly type: string;
  /** Destination prefix or `default`. */
  readonly destination: string;
  readonly family: 'inet' | 'inet6';
  /** Routing table: `main` when the line names none. */
  readonly table: string;
  readonly via?: string;
  readonly dev?: string;
  readonly src?: string;
  readonly proto?: string;
  readonly scope?: string;
  readonly metric?: number;
}

const TYPES = new Set(['unicast', 'local', 'broadcast', 'multicast', 'throw', 'unreachable', 'prohibit', 'blackhole', 'nat', 'anycast']);

/**
 * Parses `ip route show table all` (or any `ip route` listing; routes without `table` are `main`).
 *
 * @example
 * ```ts
 * parseIpRoutes('default via 192.168.19.135 dev eth1 table 2')
 * // [{ type: 'unicast', destination: 'default', family: 'inet', table: '2', via: '192.168.19.135', dev: 'eth1' }]
 * ```
 */
export function parseIpRoutes(text: string): IpRoute[] {
  const out: IpRoute[] = [];
  for (const raw of text.split('\n')) {
    const words = raw.trim().split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) continue;
    let i = 0;
    const type = TYPES.has(words[0] as string) ? (words[i++] as string) : 'unicast';
    const destination = words[i++];
    if (destination === undefined) continue;
    const r: { -readonly [K in keyof IpRoute]: IpRoute[K] } = { type, destination, family: 'inet', table: 'main' };
    for (; i < words.length; i++) {
      const w = words[i];
      const v = words[i + 1];
      if (v === undefined) break;
      if (w === 'via') { r.via = v === 'inet6' || v === 'inet' ? (words[++i + 1] ?? v) : v; i++; }
      else if (w === 'dev') { r.dev = v; i++; }
      else if (w === 'table') { r.table = v; i++; }
      else if (w === 'src') { r.src = v; i++; }
      else if (w === 'proto') { r.proto = v; i++; }
      else if (w === 'scope') { r.scope = v; i++; }
      else if (w === 'metric') { r.metric = Number(v); i++; }
      else if (w === 'pref' || w === 'expires' || w === 'mtu' || w === 'hoplimit') i++;
    }
    if (destination.includes(':') || (r.via ?? '').includes(':')) r.family = 'inet6';
    out.push(r);
  }
  return out;
}
