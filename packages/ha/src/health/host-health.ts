import { diag } from '@acm/core';
import type { Diagnostic, ModelPath } from '@acm/core';
import type { Exec, ExecResult } from '@acm/core';
import { ExecError } from '@acm/core';
import { parseDfP } from '../parsers/df.js';
import type { DfEntry } from '../parsers/df.js';
import { parseFail2banJailStatus, parseFail2banStatus } from '../parsers/fail2ban.js';
import type { Fail2banJailStatus } from '../parsers/fail2ban.js';
import { parseIptablesList } from '../parsers/iptables.js';
import type { IptablesListChain } from '../parsers/iptables.js';
import { parseLoadAvg } from '../parsers/loadavg.js';
import type { LoadAvg } from '../parsers/loadavg.js';
import { statusOf } from '../replication/analyze-replication.js';
import type { CheckStatus } from '../replication/analyze-replication.js';

/** A blocking chain (fail2ban `f2b-*` or a blacklist) and what it holds. */
export interface ChainSummary {
  readonly name: string;
  /** Rules that drop or reject a specific source (banned/blacklisted addresses). */
  readonly blocked: readonly string[];
  /** Packets matched by the blocking rules. */
  readonly blockedPackets: number;
  /** Packets that passed through the chain (its RETURN rule): the history count the guide shows. */
  readonly passedPackets: number;
  /** Rules elsewhere jumping to this chain (`0`: the chain is not in use). */
  readonly references: number;
}

/** What host health read from one server. Absent parts could not be read. */
export interface HostFacts {
  readonly server: string;
  readonly reachable: boolean;
  readonly error?: string;
  /** `undefined`: unknown; `null`: fail2ban not running. */
  readonly fail2ban?: readonly Fail2banJailStatus[] | null;
  readonly chains?: readonly ChainSummary[];
  readonly disks?: readonly DfEntry[];
  readonly load?: LoadAvg;
  readonly cpus?: number;
  /** Items that could not be read, with the reason. */
  readonly unknown: readonly { readonly item: string; readonly reason: string }[];
}

/** The argv of each host health probe. */
export const HEALTH_PROBES = {
  fail2ban: ['fail2ban-client', 'status'],
  fail2banJail: (jail: string): string[] => ['fail2ban-client', 'status', jail],
  iptables: ['iptables', '-L', '-n', '-v', '-x'],
  df: ['df', '-P'],
  loadavg: ['cat', '/proc/loadavg'],
  nproc: ['nproc'],
} as const;

const BLOCK_TARGETS = new Set(['DROP', 'REJECT']);

/** Summarises the blocking chains (`f2b-*` and any name in `blacklists`) of an `iptables -L -n -v -x` listing. */
export function summarizeChains(chains: readonly IptablesListChain[], blacklists: readonly string[] = ['BLACKLIST-INPUT']): ChainSummary[] {
  const referenced = new Map<string, number>();
  for (const c of chains) for (const r of c.rules) referenced.set(r.target, (referenced.get(r.target) ?? 0) + 1);
  return chains
    .filter((c) => c.name.startsWith('f2b-') || blacklists.includes(c.name))
    .map((c) => {
      const blocking = c.rules.filter((r) => BLOCK_TARGETS.has(r.target));
      return {
        name: c.name,
        blocked: blocking.map((r) => r.source),
        blockedPackets: blocking.reduce((n, r) => n + r.packets, 0),
        passedPackets: c.rules.filter((r) => r.target === 'RETURN').reduce((n, r) => n + r.packets, 0),
        references: referenced.get(c.name) ?? c.references ?? 0,
      };
    });
}

/** Options of {@link collectHostFacts}. */
export interface CollectHostOptions {
  readonly timeoutMs?: number;
  /** Blacklist chain names to summarise besides `f2b-*` (default `BLACKLIST-INPUT`). */
  readonly blacklists?: readonly string[];
}

/** Reads fail2ban, iptables, disks and load on one server. Never throws. */
export async function collectHostFacts(server: string, exec: Exec, options: CollectHostOptions = {}): Promise<HostFacts> {
  const unknown: { item: string; reason: string }[] = [];
  let transport: string | undefined;
  const run = async (argv: readonly string[]): Promise<ExecResult | undefined> => {
    try {
      return await exec.run(argv, { timeoutMs: options.timeoutMs ?? 10_000 });
    } catch (e) {
      if (e instanceof ExecError && e.kind !== 'spawn') transport ??= e.message;
      return undefined;
    }
  };
  const df = await run(HEALTH_PROBES.df);
  if (transport !== undefined) return { server, reachable: false, error: transport, unknown: [] };
  const [f2b, ipt, load, nproc] = await Promise.all([run(HEALTH_PROBES.fail2ban), run(HEALTH_PROBES.iptables), run(HEALTH_PROBES.loadavg), run(HEALTH_PROBES.nproc)]);
  const why = (r: ExecResult | undefined): string => (r === undefined ? 'could not run' : r.code === 127 ? 'command not found' : r.timedOut ? 'timed out' : `exit ${String(r.code)}`);

  let fail2ban: readonly Fail2banJailStatus[] | null | undefined;
  const status = f2b?.code === 0 ? parseFail2banStatus(f2b.stdout) : undefined;
  if (status !== undefined) {
    const jails = await Promise.all(status.jails.map(async (j) => {
      const r = await run(HEALTH_PROBES.fail2banJail(j));
      return r?.code === 0 ? parseFail2banJailStatus(r.stdout) : undefined;
    }));
    fail2ban = jails.filter((j): j is Fail2banJailStatus => j !== undefined);
  } else if (f2b !== undefined && f2b.code !== 127 && !f2b.timedOut) {
    // The client answers "Failed to access socket path ... Is fail2ban running?" with exit 255.
    fail2ban = null;
  } else unknown.push({ item: 'fail2ban', reason: why(f2b) });

  const chains = ipt?.code === 0 ? summarizeChains(parseIptablesList(ipt.stdout), options.blacklists) : undefined;
  if (chains === undefined) unknown.push({ item: 'iptables', reason: why(ipt) });
  const disks = df?.code === 0 || (df !== undefined && df.stdout !== '') ? parseDfP(df?.stdout ?? '') : undefined;
  if (disks === undefined) unknown.push({ item: 'disk', reason: why(df) });
  const loadavg = load?.code === 0 ? parseLoadAvg(load.stdout) : undefined;
  if (loadavg === undefined) unknown.push({ item: 'load', reason: why(load) });
  const cpus = nproc?.code === 0 ? Number(nproc.stdout.trim()) || undefined : undefined;
  return {
    server,
    reachable: true,
    ...(fail2ban === undefined ? {} : { fail2ban }),
    ...(chains === undefined ? {} : { chains }),
    ...(disks === undefined ? {} : { disks }),
    ...(loadavg === undefined ? {} : { load: loadavg }),
    ...(cpus === undefined ? {} : { cpus }),
    unknown,
  };
}

/** Thresholds and expectations of {@link analyzeHostHealth}. */
export interface HealthThresholds {
  /** Disk use in percent: warning at (default 80), critical at (default 90). */
  readonly diskWarn?: number;
  readonly diskCrit?: number;
  /** 5-minute load per CPU: warning above (default 1.5), critical above (default 3). */
  readonly loadWarn?: number;
  readonly loadCrit?: number;
  /** fail2ban jails that must be active (default none). */
  readonly jails?: readonly string[];
  /** iptables chains that must exist and be referenced (default none). */
  readonly chains?: readonly string[];
  /** Filesystem types/names not checked for space (default tmpfs, devtmpfs, udev, overlay, none, shm). */
  readonly ignoreFilesystems?: readonly string[];
}

/** Host health of one server: facts, findings and monitoring status. */
export interface HostHealth {
  readonly facts: HostFacts;
  readonly diagnostics: readonly Diagnostic[];
  /** OK / WARNING / CRITICAL, or UNKNOWN when the host could not be read. */
  readonly status: CheckStatus | 'UNKNOWN';
}

const PSEUDO_FS = ['tmpfs', 'devtmpfs', 'udev', 'overlay', 'none', 'shm'];

/** Compares a server's facts with thresholds and expectations (pure). */
export function analyzeHostHealth(facts: HostFacts, thresholds: HealthThresholds = {}, path: ModelPath = ['servers', facts.server]): HostHealth {
  const out: Diagnostic[] = [];
  const server = facts.server;
  if (!facts.reachable) {
    out.push(diag('health.unknown', path, { server, item: 'host', reason: facts.error ?? 'unreachable' }));
    return { facts, diagnostics: out, status: 'UNKNOWN' };
  }
  for (const u of facts.unknown) out.push(diag('health.unknown', path, { server, item: u.item, reason: u.reason }));
  const dw = thresholds.diskWarn ?? 80;
  const dc = thresholds.diskCrit ?? 90;
  const ignore = thresholds.ignoreFilesystems ?? PSEUDO_FS;
  for (const d of facts.disks ?? []) {
    if (ignore.includes(d.filesystem) || d.blocks === 0) continue;
    if (d.usePercent >= dc) out.push(diag('health.disk', path, { server, mount: d.mountedOn, usePercent: d.usePercent, threshold: dc }, { severity: 'error' }));
    else if (d.usePercent >= dw) out.push(diag('health.disk', path, { server, mount: d.mountedOn, usePercent: d.usePercent, threshold: dw }));
  }
  if (facts.load !== undefined) {
    const cpus = facts.cpus ?? 1;
    const per = facts.load.load5 / cpus;
    const lc = thresholds.loadCrit ?? 3;
    const lw = thresholds.loadWarn ?? 1.5;
    if (per > lc) out.push(diag('health.load', path, { server, load5: facts.load.load5, cpus, threshold: lc }, { severity: 'error' }));
    else if (per > lw) out.push(diag('health.load', path, { server, load5: facts.load.load5, cpus, threshold: lw }));
  }
  if (facts.fail2ban === null) out.push(diag('health.fail2ban-down', path, { server }));
  else if (facts.fail2ban !== undefined) {
    for (const j of thresholds.jails ?? []) if (!facts.fail2ban.some((x) => x.jail === j)) out.push(diag('health.fail2ban-jail-missing', path, { server, jail: j }));
  }
  if (facts.chains !== undefined) {
    for (const c of thresholds.chains ?? []) {
      const found = facts.chains.find((x) => x.name === c);
      if (found === undefined) out.push(diag('health.blacklist-missing', path, { server, chain: c, reason: 'missing' }));
      else if (found.references === 0) out.push(diag('health.blacklist-missing', path, { server, chain: c, reason: 'not referenced by any rule' }));
    }
  }
  return { facts, diagnostics: out, status: statusOf(out) };
}

/** Reads and analyses the host health of one server. */
export async function checkHostHealth(server: string, exec: Exec, thresholds: HealthThresholds = {}, options: CollectHostOptions & { readonly path?: ModelPath } = {}): Promise<HostHealth> {
  const facts = await collectHostFacts(server, exec, options);
  return analyzeHostHealth(facts, thresholds, options.path ?? ['servers', server]);
}
