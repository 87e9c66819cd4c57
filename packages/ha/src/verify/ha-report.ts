import type { Diagnostic } from '@acm/core';
import type { CheckStatus } from '../replication/analyze-replication.js';
import type { AsteriskUptime } from '../parsers/asterisk-cli.js';
import type { RoutingCheck } from './symmetric-routing.js';

/**
 * The state of an HA cluster:
 * NORMAL (primary holds the VIPs, all checks pass), FAILOVER (a secondary holds a VIP),
 * DEGRADED (VIPs held, something else wrong), SPLIT-BRAIN (a VIP held twice),
 * DOWN (the voice VIP held by nobody, or Asterisk down on its holder),
 * UNKNOWN (who holds a VIP could not be determined because the servers that could hold it
 * could not be read; every server unreadable is UNKNOWN). Monitoring exit code 3.
 */
export type HaState = 'NORMAL' | 'FAILOVER' | 'DEGRADED' | 'SPLIT-BRAIN' | 'DOWN' | 'UNKNOWN';

/** Who holds one VIP. */
export interface VipView {
  readonly kind: 'voice' | 'web';
  readonly address: string;
  readonly interface: string;
  /** Servers that have the address configured (more than one: split brain). */
  readonly holders: readonly string[];
  /** True when no readable server holds it and the unreadable ones leave the holder undetermined. */
  readonly holderUnknown?: boolean;
}

/** One address probed from a server. */
export interface ReachView {
  /** `source` (the server's own address), `replication` (the peer's), `service` (a VIP). */
  readonly what: 'source' | 'replication' | 'service';
  readonly address: string;
  /** null when the probe could not run. */
  readonly reachable: boolean | null;
}

/** A SIP trunk interface as seen on the active server. */
export interface TrunkView {
  readonly name: string;
  readonly provider: string;
  readonly address: string;
  /** `not-configured`: declared with `configured: false`, or absent from the active server. */
  readonly status: 'available' | 'down' | 'not-configured' | 'unknown';
}

/** One server of the cluster in the report. */
export interface HaServerView {
  readonly id: string;
  readonly role: 'primary' | 'secondary';
  readonly address: string;
  readonly replicationAddress: string;
  readonly reachable: boolean;
  readonly error?: string;
  /** VIP addresses it holds. */
  readonly holds: readonly string[];
  /** The interface carrying its address, and whether it is physical, a VLAN or an alias. */
  readonly localInterface?: { readonly name: string; readonly kind: 'physical' | 'vlan' | 'alias' };
  readonly asterisk?: AsteriskUptime;
  readonly reach: readonly ReachView[];
  readonly routing: readonly RoutingCheck[];
}

/** One replicated configuration file across the servers. */
export interface ConfigFileView {
  readonly path: string;
  /** sha256 per server id, null where the file is missing. */
  readonly sha256: Readonly<Record<string, string | null>>;
  readonly same: boolean;
}

/** The result of verifying one HA cluster (the guide's `sip-ha -v`, for every server at once). */
export interface HaReport {
  readonly cluster: string;
  readonly checkedAt: string;
  readonly state: HaState;
  /** Monitoring status of the diagnostics (OK / WARNING / CRITICAL). */
  readonly status: CheckStatus;
  /** The server holding the voice VIP (the active one), if exactly one does. */
  readonly active?: string;
  readonly vips: readonly VipView[];
  readonly trunks: readonly TrunkView[];
  readonly servers: readonly HaServerView[];
  /** Config files compared (absent when hashes could not be read on two servers). */
  readonly configFiles: readonly ConfigFileView[];
  readonly diagnostics: readonly Diagnostic[];
}
