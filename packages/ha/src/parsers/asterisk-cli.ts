/** `asterisk -rx 'core show uptime'`: whether Asterisk answered and for how long it has run. */
export interface AsteriskUptime {
  /** True when the output carries a system uptime (the daemon answered the remote console). */
  readonly running: boolean;
  readonly systemUptimeSeconds?: number;
  readonly lastReloadSeconds?: number;
  /** Other lines Asterisk printed (warnings such as the privilege escalation notice). */
  readonly notices: readonly string[];
}

const UNIT_SECONDS: Record<string, number> = { year: 31_536_000, week: 604_800, day: 86_400, hour: 3_600, minute: 60, second: 1 };

/** Parses an Asterisk duration such as `1 week, 2 days, 1 minute, 22 seconds` into seconds. */
export function parseAsteriskDuration(text: string): number | undefined {
  let total = 0;
  let any = false;
  for (const m of text.matchAll(/(\d+)\s+(year|week|day|hour|minute|second)s?/g)) {
    total += Number(m[1]) * (UNIT_SECONDS[m[2] as string] ?? 0);
    any = true;
  }
  return any ? total : undefined;
}

/**
 * Parses `core show uptime` as printed by `asterisk -rx` (Asterisk 13-22).
 *
 * @example
 * ```ts
 * parseCoreShowUptime('System uptime: 1 minute, 22 seconds\nLast reload: 5 seconds\n')
 * // { running: true, systemUptimeSeconds: 82, lastReloadSeconds: 5, notices: [] }
 * ```
 */
export function parseCoreShowUptime(text: string): AsteriskUptime {
  let systemUptimeSeconds: number | undefined;
  let lastReloadSeconds: number | undefined;
  const notices: string[] = [];
  for (const line of text.split('\n')) {
    const sys = /^System uptime:\s*(.*)$/.exec(line);
    const rel = /^Last reload:\s*(.*)$/.exec(line);
    if (sys !== null) systemUptimeSeconds = parseAsteriskDuration(sys[1] as string) ?? 0;
    else if (rel !== null) lastReloadSeconds = parseAsteriskDuration(rel[1] as string) ?? 0;
    else if (line.trim() !== '') notices.push(line.trimEnd());
  }
  return {
    running: systemUptimeSeconds !== undefined,
    ...(systemUptimeSeconds === undefined ? {} : { systemUptimeSeconds }),
    ...(lastReloadSeconds === undefined ? {} : { lastReloadSeconds }),
    notices,
  };
}

/** One outbound registration from `pjsip show registrations`. */
export interface PjsipRegistration {
  /** Registration object id (`trunk-b`). */
  readonly id: string;
  readonly serverUri: string;
  readonly auth: string;
  /** `Registered`, `Unregistered`, `Rejected`, `Stopped`, `Retry Wait`... */
  readonly status: string;
  /** Seconds until the registration expires, when shown. */
  readonly expiresInSeconds?: number;
}

/** Parses `pjsip show registrations` (Asterisk 22 layout). */
export function parsePjsipShowRegistrations(text: string): PjsipRegistration[] {
  const out: PjsipRegistration[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith(' <') || line.startsWith('=') || /^Objects found|^No objects found/.test(line.trim())) continue;
    const m = /^\s+([^/\s]+)\/(\S+)\s+(\S+)\s+(.+?)\s*(?:\(exp\.\s*(\d+)s\))?\s*$/.exec(line);
    if (m === null) continue;
    out.push({
      id: m[1] as string,
      serverUri: m[2] as string,
      auth: m[3] as string,
      status: (m[4] as string).trim(),
      ...(m[5] === undefined ? {} : { expiresInSeconds: Number(m[5]) }),
    });
  }
  return out;
}

/** One contact from `pjsip show contacts`. */
export interface PjsipContact {
  readonly aor: string;
  readonly uri: string;
  readonly hash: string;
  /** `Avail`, `Unavail`, `NonQual`, `Unknown`. */
  readonly status: string;
  /** Round-trip time of the last qualify, `null` when not measured (`nan`). */
  readonly rttMs: number | null;
}

/** Parses `pjsip show contacts` (Asterisk 22 layout). */
export function parsePjsipShowContacts(text: string): PjsipContact[] {
  const out: PjsipContact[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s+Contact:\s+([^/\s]+)\/(\S+)\s+([0-9a-f]+)\s+(\S+)\s+(\S+)\s*$/.exec(line);
    if (m === null) continue;
    const rtt = Number(m[5]);
    out.push({ aor: m[1] as string, uri: m[2] as string, hash: m[3] as string, status: m[4] as string, rttMs: Number.isFinite(rtt) ? rtt : null });
  }
  return out;
}
