/** One line of `sha256sum` output. */
export interface Sha256Entry {
  readonly path: string;
  /** Lower-case hex digest. */
  readonly sha256: string;
}

/**
 * Parses `sha256sum` output (GNU coreutils), including names printed escaped: a line starting
 * with `\` has `\\` and `\n` (and `\r`) in its name.
 *
 * @example
 * ```ts
 * parseSha256sum('\\73cb...d9ac  etc/asterisk/odd\\nname.conf')
 * // [{ path: 'etc/asterisk/odd\nname.conf', sha256: '73cb...d9ac' }]
 * ```
 */
export function parseSha256sum(text: string): Sha256Entry[] {
  const out: Sha256Entry[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\\?)([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
    if (m === null) continue;
    const name = m[3] as string;
    const path = m[1] === '\\' ? name.replace(/\\(\\|n|r)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : '\\')) : name;
    out.push({ path, sha256: (m[2] as string).toLowerCase() });
  }
  return out;
}
