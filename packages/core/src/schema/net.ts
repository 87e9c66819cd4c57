/** Parses a dotted-quad IPv4 address to an unsigned 32-bit number, or undefined. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out = out * 256 + n;
  }
  return out;
}

/** Formats an unsigned 32-bit number as a dotted-quad IPv4 address. */
export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** True for a valid IPv6 address (RFC 4291 text forms, including `::` and an IPv4 tail). */
export function isIpv6(text: string): boolean {
  if (text.length < 2 || text.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(text)) return false;
  const double = text.split('::');
  if (double.length > 2) return false;
  const groups = (s: string): string[] | undefined => (s === '' ? [] : s.split(':'));
  const head = groups(double[0] ?? '');
  const tail = double.length === 2 ? groups(double[1] ?? '') : [];
  if (head === undefined || tail === undefined) return false;
  const all = [...head, ...tail];
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i] as string;
    if (i === all.length - 1 && g.includes('.')) {
      if (parseIpv4(g) === undefined) return false;
      count += 2;
    } else if (/^[0-9A-Fa-f]{1,4}$/.test(g)) count += 1;
    else return false;
  }
  return double.length === 2 ? count < 8 : count === 8;
}

/** An IPv4 network: base address and prefix length. */
export interface Ipv4Network {
  readonly address: number;
  readonly prefix: number;
}

/** The netmask of an IPv4 prefix length, as an unsigned 32-bit number. */
export function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/**
 * Parses `a.b.c.d/len` or `a.b.c.d/m.m.m.m` (Asterisk's ACL form) or a bare address (a /32).
 * Returns undefined for anything else, including non-contiguous netmasks.
 */
export function parseIpv4Network(text: string): Ipv4Network | undefined {
  const slash = text.indexOf('/');
  const address = parseIpv4(slash < 0 ? text : text.slice(0, slash));
  if (address === undefined) return undefined;
  if (slash < 0) return { address, prefix: 32 };
  const rest = text.slice(slash + 1);
  if (/^[0-9]{1,2}$/.test(rest)) {
    const prefix = Number(rest);
    return prefix <= 32 ? { address, prefix } : undefined;
  }
  const mask = parseIpv4(rest);
  if (mask === undefined) return undefined;
  const inverted = ~mask >>> 0;
  if ((inverted & (inverted + 1)) !== 0) return undefined;
  let prefix = 0;
  for (let m = mask; m !== 0; m = (m << 1) >>> 0) prefix++;
  return { address, prefix };
}

/** True when `address` lies in `network`. */
export function inIpv4Network(address: number, network: Ipv4Network): boolean {
  const mask = prefixMask(network.prefix);
  return ((address & mask) >>> 0) === ((network.address & mask) >>> 0);
}

/** True for an IPv6 network `addr/len` (len 0-128) or a bare IPv6 address. */
export function isIpv6Network(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return isIpv6(text);
  const len = text.slice(slash + 1);
  return isIpv6(text.slice(0, slash)) && /^[0-9]{1,3}$/.test(len) && Number(len) <= 128;
}
