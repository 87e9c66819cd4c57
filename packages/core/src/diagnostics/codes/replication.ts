import type { CatalogueSection } from '../catalogue-entry.js';

const s = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));
const list = (v: unknown): string => (Array.isArray(v) ? v.map((x) => String(x)).join(', ') : String(v));

/**
 * Codes of `@acm/ha`: the MySQL/MariaDB replication check against the declared topology
 * (`replication.*`), the HA pair verification (`ha.*`) and host health (`health.*`).
 * The `data` of each code names nodes and servers by their model ids.
 */
export const REPLICATION_CODES: CatalogueSection = {
  'replication.topology-invalid': {
    severity: 'error',
    area: 'replication',
    doc: 'The declared topology cannot be checked: master-master needs exactly 2 members, a ring at least 3, and every member must be a known server.',
    message: (d) => `the ${String(d.kind)} topology is not valid: ${String(d.reason)}`,
  },
  'replication.node-unreachable': {
    severity: 'warning',
    area: 'replication',
    doc: 'ACM cannot connect to this node. A warning when a replica still replicates from it (the problem is on the path from ACM, not the node); an error when no replica vouches for it (it may be down).',
    message: (d) =>
      `cannot reach ${s(d.node)} (${String(d.error)}); ` +
      (Array.isArray(d.replicasStillReplicating) && d.replicasStillReplicating.length > 0
        ? `its replicas ${list(d.replicasStillReplicating)} still replicate from it`
        : 'no replica confirms whether it is up'),
  },
  'replication.node-down': {
    severity: 'error',
    area: 'replication',
    doc: 'ACM cannot connect to this node AND every reachable replica of it has lost its IO connection: the replicas confirm it is down (as Orchestrator decides DeadMaster).',
    message: (d) => `${s(d.node)} is down: unreachable, confirmed by its replicas ${list(d.confirmedBy)}`,
  },
  'replication.not-replicating': {
    severity: 'error',
    area: 'replication',
    doc: 'A replication connection has its IO thread, its SQL thread or both stopped (or the IO thread still connecting); `data` carries the last IO/SQL error number and text.',
    message: (d) =>
      `${s(d.node)} is not replicating from ${s(d.source)} (${String(d.thread)} thread: IO ${String(d.io)}, SQL ${String(d.sql)})` +
      (d.sqlErrno ? `: SQL error ${String(d.sqlErrno)} ${String(d.sqlError)}` : d.ioErrno ? `: IO error ${String(d.ioErrno)} ${String(d.ioError)}` : ''),
  },
  'replication.lagging': {
    severity: 'warning',
    area: 'replication',
    doc: 'Seconds_Behind_Master exceeds the allowed lag (in a ring this is a lower bound of the real lag; the heartbeat probe measures it end to end).',
    message: (d) => `${s(d.node)} is ${String(d.seconds)} s behind ${s(d.source)} (allowed ${String(d.threshold)} s)`,
  },
  'replication.unexpected-source': {
    severity: 'error',
    area: 'replication',
    doc: 'A node replicates from a source the declared topology does not give it (or from a host that is no member at all).',
    message: (d) =>
      `${s(d.node)} replicates from ${d.source === null ? `${String(d.masterHost)}:${String(d.masterPort)} (not a member)` : s(d.source)}` +
      `${typeof d.connection === 'string' && d.connection !== '' ? ` over connection ${s(d.connection)}` : ''}, which the topology does not declare`,
  },
  'replication.missing-edge': {
    severity: 'error',
    area: 'replication',
    doc: 'The declared topology says the replica reads from the source, but the replica has no replication connection to it.',
    message: (d) => `${s(d.replica)} should replicate from ${s(d.source)} but has no connection to it`,
  },
  'replication.ring-broken': {
    severity: 'error',
    area: 'replication',
    doc: 'A hop of a circular topology does not carry writes (missing connection, stopped thread, or a source that is down): writes stop at that hop instead of going round.',
    message: (d) => `the ring is broken at hop ${String(d.hop)} (${s(d.source)} -> ${s(d.replica)}): ${String(d.reason)}`,
  },
  'replication.duplicate-server-id': {
    severity: 'error',
    area: 'replication',
    doc: 'Several nodes share one server_id; replicas then skip each other\'s events as their own, silently.',
    message: (d) => `server_id ${String(d.serverId)} is used by ${list(d.nodes)}`,
  },
  'replication.auto-increment-collision': {
    severity: 'error',
    area: 'replication',
    doc: 'Two co-masters can generate the same AUTO_INCREMENT value: their auto_increment_offset/increment sequences intersect.',
    message: (d) => `co-masters ${list(d.nodes)} can generate the same AUTO_INCREMENT values (increments ${list(d.increments)}, offsets ${list(d.offsets)})`,
    hint: 'give every co-master the same auto_increment_increment >= the number of masters and a distinct auto_increment_offset',
  },
  'replication.log-slave-updates-off': {
    severity: 'error',
    area: 'replication',
    doc: 'A ring member does not write replicated events to its own binary log (log_slave_updates OFF), so writes stop after one hop.',
    message: (d) => `${s(d.node)} has log_slave_updates OFF: writes arriving on it never reach the next ring member`,
  },
  'replication.log-bin-off': {
    severity: 'error',
    area: 'replication',
    doc: 'A node that the topology uses as a source has no binary log, so nothing can replicate from it.',
    message: (d) => `${s(d.node)} is a replication source but has log_bin OFF`,
  },
  'replication.writable-replica': {
    severity: 'warning',
    area: 'replication',
    doc: 'A pure replica (master-slave) is not read_only: a stray write there diverges it from its master.',
    message: (d) => `replica ${s(d.node)} is writable (read_only OFF)`,
  },
  'replication.binlog-format-mismatch': {
    severity: 'warning',
    area: 'replication',
    doc: 'Members use different binlog_format values; mixed formats replicate differently and complicate recovery.',
    message: (d) => `members use different binlog formats: ${Object.entries((d.formats ?? {}) as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`).join(', ')}`,
  },
  'replication.gtid-domain-shared': {
    severity: 'warning',
    area: 'replication',
    doc: 'Co-masters share a gtid_domain_id; each writing master should have its own domain so GTID positions stay independent.',
    message: (d) => `co-masters ${list(d.nodes)} share gtid_domain_id ${String(d.domainId)}`,
  },
  'replication.heartbeat-missing': {
    severity: 'error',
    area: 'replication',
    doc: 'A heartbeat row written on the source did not arrive on the replica within the probe time: writes do not flow end to end.',
    message: (d) => `a heartbeat written on ${s(d.source)} did not reach ${s(d.replica)} within ${String(d.waitedMs)} ms`,
  },
  'replication.secret-unresolved': {
    severity: 'warning',
    area: 'replication',
    doc: 'The password of a member cannot be resolved (unset environment variable, unreadable or empty file, sealed): ACM does not contact it, and the check is UNKNOWN rather than CRITICAL.',
    message: (d) => `cannot check ${s(d.node)}: its mysql password cannot be resolved (${String(d.reason)})`,
  },
  'replication.missing-grant': {
    severity: 'warning',
    area: 'replication',
    doc: 'The monitoring user lacks a privilege the check needs (`SLAVE MONITOR` to read replication; `SELECT, INSERT, DELETE, CREATE` on the heartbeat schema for the probe): that part is UNKNOWN.',
    message: (d) => `the mysql user of ${s(d.node)} lacks ${String(d.grant)} on ${String(d.on)}`,
    hint: 'grant what docs/replication.md lists for the monitoring user',
  },
  'replication.check-failed': {
    severity: 'warning',
    area: 'replication',
    doc: 'A step of the check failed for a reason other than the findings above (an unexpected server error, a bug): that part is UNKNOWN.',
    message: (d) => `cannot check ${d.node === undefined ? 'the topology' : s(d.node)}${d.step === undefined ? '' : ` (${String(d.step)})`}: ${String(d.reason)}`,
  },
  'replication.heartbeat-slow': {
    severity: 'warning',
    area: 'replication',
    doc: 'A heartbeat row took longer than allowed to travel from the source to the replica.',
    message: (d) => `a heartbeat took ${String(d.ms)} ms from ${s(d.source)} to ${s(d.replica)} (allowed ${String(d.threshold)} ms)`,
  },

  'ha.server-unreachable': {
    severity: 'error',
    area: 'ha',
    doc: 'ACM cannot run commands on the server (SSH refused, host key mismatch, timeout).',
    message: (d) => `cannot reach server ${s(d.server)} of cluster ${s(d.cluster)}: ${String(d.reason)}`,
  },
  'ha.check-failed': {
    severity: 'warning',
    area: 'ha',
    doc: 'One command of the verification failed or printed something ACM cannot read; that part of the report is unknown.',
    message: (d) => `${s(d.server)}: ${String(d.command)} failed (${String(d.reason)})`,
  },
  'ha.split-brain': {
    severity: 'error',
    area: 'ha',
    doc: 'More than one server of the cluster holds the same VIP: both answer for it and calls fail at random.',
    message: (d) => `split brain in ${s(d.cluster)}: the ${String(d.kind)} VIP ${String(d.vip)} is held by ${list(d.holders)}`,
  },
  'ha.vip-down': {
    severity: 'error',
    area: 'ha',
    doc: 'No server of the cluster holds the VIP: the service behind it is down.',
    message: (d) => `no server of ${s(d.cluster)} holds the ${String(d.kind)} VIP ${String(d.vip)}`,
  },
  'ha.vip-unknown': {
    severity: 'warning',
    area: 'ha',
    doc: 'No readable server holds the VIP and the servers that could hold it could not be read: who holds it is unknown (HA state UNKNOWN).',
    message: (d) => `the holder of the ${String(d.kind)} VIP ${String(d.vip)} of ${s(d.cluster)} is unknown: ${list(d.candidates)} could not be read`,
  },
  'ha.failover': {
    severity: 'warning',
    area: 'ha',
    doc: 'The VIP is held by the secondary server: the cluster runs in failover.',
    message: (d) => `the ${String(d.kind)} VIP ${String(d.vip)} of ${s(d.cluster)} is held by ${s(d.holder)}, not by the primary ${s(d.primary)}`,
  },
  'ha.address-unreachable': {
    severity: 'error',
    area: 'ha',
    doc: 'An address the pair depends on (source, replication, service VIP) does not answer from the server.',
    message: (d) => `${String(d.what)} address ${String(d.address)} is not reachable from ${s(d.server)}`,
  },
  'ha.trunk-interface-missing': {
    severity: 'error',
    area: 'ha',
    doc: 'A SIP trunk interface of the cluster is not configured on the server that holds the voice VIP.',
    message: (d) => `${String(d.trunk)} SIP trunk interface ${String(d.address)} is not configured on ${s(d.server)}`,
  },
  'ha.trunk-interface-down': {
    severity: 'error',
    area: 'ha',
    doc: 'The trunk interface address is configured but its link is down.',
    message: (d) => `${String(d.trunk)} SIP trunk interface ${String(d.address)} on ${s(d.server)} is down (${String(d.interface)})`,
  },
  'ha.asterisk-down': {
    severity: 'error',
    area: 'ha',
    doc: 'Asterisk does not answer `core show uptime` on the server.',
    message: (d) => `Asterisk is not running on ${s(d.server)}`,
  },
  'ha.config-mismatch': {
    severity: 'warning',
    area: 'ha',
    doc: 'A replicated configuration file differs between the servers of the pair (sha256), or exists on one only.',
    message: (d) => `${String(d.file)} differs between ${list(d.servers)}`,
  },
  'ha.routing-asymmetric': {
    severity: 'warning',
    area: 'ha',
    doc: 'An interface address has no policy rule into its own routing table with a default route through the same interface: replies may leave by another interface.',
    message: (d) => `${s(d.server)}: ${String(d.interface)} (${String(d.address)}) has no symmetric routing: ${String(d.reason)}`,
  },

  'health.unknown': {
    severity: 'warning',
    area: 'health',
    doc: 'A host health probe could not run or its output could not be read; the item is UNKNOWN.',
    message: (d) => `${s(d.server)}: cannot read ${String(d.item)} (${String(d.reason)})`,
  },
  'health.disk': {
    severity: 'warning',
    area: 'health',
    doc: 'A filesystem is fuller than the warning threshold (severity error above the critical threshold).',
    message: (d) => `${s(d.server)}: ${String(d.mount)} is ${String(d.usePercent)} % full (threshold ${String(d.threshold)} %)`,
  },
  'health.load': {
    severity: 'warning',
    area: 'health',
    doc: 'The 5-minute load per CPU is above the warning threshold (severity error above the critical threshold).',
    message: (d) => `${s(d.server)}: load ${String(d.load5)} on ${String(d.cpus)} CPUs exceeds ${String(d.threshold)} per CPU`,
  },
  'health.fail2ban-down': {
    severity: 'warning',
    area: 'health',
    doc: 'fail2ban does not answer on the server.',
    message: (d) => `${s(d.server)}: fail2ban is not running`,
  },
  'health.fail2ban-jail-missing': {
    severity: 'warning',
    area: 'health',
    doc: 'A jail the site expects (ssh, mysql, asterisk) is not active in fail2ban.',
    message: (d) => `${s(d.server)}: fail2ban jail ${s(d.jail)} is not active`,
  },
  'health.blacklist-missing': {
    severity: 'warning',
    area: 'health',
    doc: 'An iptables chain the site expects (a blacklist, an f2b chain) is missing or not referenced.',
    message: (d) => `${s(d.server)}: iptables chain ${s(d.chain)} is ${String(d.reason)}`,
  },
  'health.itsp-loading': {
    severity: 'warning',
    area: 'health',
    doc: 'Active channels on a trunk exceed the warning share of its channel capacity (error at the critical share).',
    message: (d) => `trunk ${s(d.trunk)}: ${String(d.active)} of ${String(d.capacity)} channels (${String(d.percent)} %)`,
  },
};
