/** One policy routing rule from `ip rule`. */
export interface IpRule {
  readonly priority: number;
  /** True for `not` rules. */
  readonly not: boolean;
  /** Source selector (`all` or an address/prefix). */
  readonly from: string;
  readonly to?: string;
  readonly iif?: string;
  readonly oif?: string;
  readonly fwmark?: string;
  /** Table looked up (`local`, `main`, `default` or a number/name); absent for action rules. */
  readonly table?: string;
  /** Action other than lookup (`unreachable`, `blackhole`, `prohibit`, `goto N`). */
  readonly action?: string;
}

/**
 * Parses `ip rule` (`ip rule show`) output.
 *
 * @example
 * ```ts
 * parseIpRules('1002:\tfrom 192.168.19.216 lookup 2')
 * // [{ priority: 1002, not: false, from: '192.168.19.216', table: '2' }]
 * ```
 */
export function parseIpRules(text: string): IpRule[] {
  const out: IpRule[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+):\s+(.*)$/.exec(line.trim());
    if (m === null) continue;
    const words = (m[2] as string).trim().split(/\s+/);
    const rule: { -readonly [K in keyof IpRule]: IpRule[K] } = { priority: Number(m[1]), not: false, from: 'all' };
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      const v = words[i + 1];
      if (w === 'not') rule.not = true;
      else if (w === 'from' && v !== undefined) { rule.from = v; i++; }
      else if (w === 'to' && v !== undefined) { rule.to = v; i++; }
      else if ((w === 'iif' || w === 'dev') && v !== undefined) { rule.iif = v; i++; }
      else if (w === 'oif' && v !== undefined) { rule.oif = v; i++; }
      else if (w === 'fwmark' && v !== undefined) { rule.fwmark = v; i++; }
      else if ((w === 'lookup' || w === 'table') && v !== undefined) { rule.table = v; i++; }
      else if (w === 'goto' && v !== undefined) { rule.action = `goto ${v}`; i++; }
      else if (w === 'unreachable' || w === 'blackhole' || w === 'prohibit') rule.action = w;
    }
    out.push(rule);
  }
  return out;
}
