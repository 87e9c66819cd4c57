/** One filesystem line of `df -P`. */
export interface DfEntry {
  readonly filesystem: string;
  /** Size in 1024-byte blocks. */
  readonly blocks: number;
  readonly used: number;
  readonly available: number;
  /** `Capacity` column in percent (used / (used + available), rounded up by df). */
  readonly usePercent: number;
  readonly mountedOn: string;
}

/**
 * Parses `df -P` (POSIX format, one line per filesystem, 1024-byte blocks).
 *
 * @example
 * ```ts
 * parseDfP('Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda 264212084 23271948 83118964 22% /')
 * // [{ filesystem: '/dev/vda', blocks: 264212084, used: 23271948, available: 83118964, usePercent: 22, mountedOn: '/' }]
 * ```
 */
export function parseDfP(text: string): DfEntry[] {
  const out: DfEntry[] = [];
  for (const line of text.split('\n')) {
    // Mount points may contain blanks, so read the numbers from the left and keep the rest.
    const m = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+|-)%?\s+(.+)$/.exec(line);
    if (m === null) continue;
    out.push({
      filesystem: m[1] as string,
      blocks: Number(m[2]),
      used: Number(m[3]),
      available: Number(m[4]),
      usePercent: m[5] === '-' ? 0 : Number(m[5]),
      mountedOn: m[6] as string,
    });
  }
  return out;
}
