import type { Exec, ExecResult } from '@acm/core';
import { ExecError } from '@acm/core';
import { parseIpJsonAddr, parseIpOneLineAddr } from '../parsers/ip-addr.js';
import type { IpInterface } from '../parsers/ip-addr.js';
import { parseIpRules } from '../parsers/ip-rule.js';
import type { IpRule } from '../parsers/ip-rule.js';
import { parseIpRoutes } from '../parsers/ip-route.js';
import type { IpRoute } from '../parsers/ip-route.js';
import { parseCoreShowUptime } from '../parsers/asterisk-cli.js';
import type { AsteriskUptime } from '../parsers/asterisk-cli.js';
import { parseSha256sum } from '../parsers/sha256sum.js';
import type { Sha256Entry } from '../parsers/sha256sum.js';

/** A command of the verification that failed or printed something unreadable. */
export interface ProbeFailure {
  /** The command, for people (`ip -j addr`). */
  readonly command: string;
  readonly reason: string;
}

/** Everything HA verify read from one server. Fields are absent when their probe failed. */
export interface ServerFacts {
  /** Server id. */
  readonly server: string;
  /** False when no command could run at all (SSH refused, host key mismatch...). */
  readonly reachable: boolean;
  /** Why the server could not be reached. */
  readonly error?: string;
  readonly interfaces?: readonly IpInterface[];
  readonly rules?: readonly IpRule[];
  readonly routes?: readonly IpRoute[];
  /** Reachability of addresses from this server: true/false, or null when the probe could not run. */
  readonly reach: Readonly<Record<string, boolean | null>>;
  readonly asterisk?: AsteriskUptime;
  /** sha256 of the replicated configuration files, sorted by path. */
  readonly configHashes?: readonly Sha256Entry[];
  readonly failures: readonly ProbeFailure[];
}

/** What to read from a server. */
export interface FactsRequest {
  /** Addresses to ping from the server. */
  readonly addresses: readonly string[];
  /** Directories whose files are hashed for the config-sync check (default `/etc/asterisk`). */
  readonly configPaths?: readonly string[];
  /** Per-command timeout (default 10 000 ms). */
  readonly timeoutMs?: number;
  /** Ping wait per address in seconds (default 1). */
  readonly pingWaitSeconds?: number;
}

/** The argv of each probe, so fixtures and transports agree on what runs. */
export const PROBES = {
  ipJsonAddr: ['ip', '-j', 'addr'],
  ipOneLineAddr: ['ip', '-o', 'addr'],
  ipRule: ['ip', 'rule'],
  ipRouteAll: ['ip', 'route', 'show', 'table', 'all'],
  asteriskUptime: ['asterisk', '-rx', 'core show uptime'],
  ping: (address: string, waitSeconds = 1): string[] => ['ping', '-c', '1', '-W', String(waitSeconds), '-n', address],
  configHashes: (paths: readonly string[]): string[] => ['find', ...paths, '-type', 'f', '-exec', 'sha256sum', '{}', '+'],
} as const;

/**
 * Runs the HA probes on one server over its {@link Exec}, in parallel, and parses their
 * outputs. Never throws: a transport failure gives `reachable: false`, a failed probe a
 * {@link ProbeFailure}.
 */
export async function collectServerFacts(server: string, exec: Exec, request: FactsRequest): Promise<ServerFacts> {
  const timeoutMs = request.timeoutMs ?? 10_000;
  const failures: ProbeFailure[] = [];
  let transportError: string | undefined;
  const run = async (argv: readonly string[]): Promise<ExecResult | undefined> => {
    try {
      return await exec.run(argv, { timeoutMs });
    } catch (e) {
      if (e instanceof ExecError && e.kind !== 'spawn' && e.kind !== 'bad-argv') transportError ??= e.message;
      else failures.push({ command: argv.join(' '), reason: (e as Error).message });
      return undefined;
    }
  };
  // The first command proves the transport (and opens the SSH connection once).
  const first = await run(PROBES.ipJsonAddr);
  if (transportError !== undefined) return { server, reachable: false, error: transportError, reach: {}, failures: [] };

  let interfaces = first?.code === 0 ? parseIpJsonAddr(first.stdout) : undefined;
  const [oneLine, rule, route, ast, hashes, ...pings] = await Promise.all([
    interfaces === undefined ? run(PROBES.ipOneLineAddr) : Promise.resolve(undefined),
    run(PROBES.ipRule),
    run(PROBES.ipRouteAll),
    run(PROBES.asteriskUptime),
    run(PROBES.configHashes(request.configPaths ?? ['/etc/asterisk'])),
    ...request.addresses.map((a) => run(PROBES.ping(a, request.pingWaitSeconds ?? 1))),
  ]);
  if (interfaces === undefined && oneLine?.code === 0) interfaces = parseIpOneLineAddr(oneLine.stdout);
  if (interfaces === undefined) failures.push({ command: 'ip addr', reason: reasonOf(first ?? oneLine) });
  const rules = rule?.code === 0 ? parseIpRules(rule.stdout) : undefined;
  if (rules === undefined) failures.push({ command: PROBES.ipRule.join(' '), reason: reasonOf(rule) });
  const routes = route?.code === 0 ? parseIpRoutes(route.stdout) : undefined;
  if (routes === undefined) failures.push({ command: PROBES.ipRouteAll.join(' '), reason: reasonOf(route) });
  // `asterisk -rx` prints its output (and warnings) on stdout and exits 0 even when the daemon is
  // down (it prints "Unable to connect"), so running is decided by the parsed uptime.
  const asterisk = ast === undefined ? undefined : ast.code === 127 ? { running: false, notices: ['asterisk: command not found'] } : parseCoreShowUptime(`${ast.stdout}\n${ast.stderr}`);
  // find exits non-zero when a path is missing but still hashes what exists.
  const configHashes = hashes === undefined || hashes.code === 127 || hashes.timedOut ? undefined : parseSha256sum(hashes.stdout).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (configHashes === undefined) failures.push({ command: 'find ... sha256sum', reason: reasonOf(hashes) });
  const reach: Record<string, boolean | null> = {};
  request.addresses.forEach((a, i) => {
    const p = pings[i];
    // ping: 0 answered, 1 no answer, 2 other error; 127 or a spawn failure: no ping on the host.
    reach[a] = p === undefined || p.code === 127 || p.code === null ? null : p.code === 0;
    if (reach[a] === null) failures.push({ command: `ping ${a}`, reason: reasonOf(p) });
  });
  return {
    server,
    reachable: true,
    ...(interfaces === undefined ? {} : { interfaces }),
    ...(rules === undefined ? {} : { rules }),
    ...(routes === undefined ? {} : { routes }),
    reach,
    ...(asterisk === undefined ? {} : { asterisk }),
    ...(configHashes === undefined ? {} : { configHashes }),
    failures,
  };
}

function reasonOf(r: ExecResult | undefined): string {
  if (r === undefined) return 'could not run';
  if (r.timedOut) return 'timed out';
  if (r.code === 127) return 'command not found';
  const line = (r.stderr.trim().split('\n')[0] ?? '').slice(0, 200);
  return `exit ${String(r.code)}${line === '' ? '' : `: ${line}`}`;
}
