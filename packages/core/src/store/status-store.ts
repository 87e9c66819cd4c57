// The StatusStore contract and its in-memory implementation (moved here from @acm/ami beside the SQL one; @acm/ami re-exports them).
import type { AgentTime, ChannelStatus, ExtensionStatus, MailboxStatus, QueueMemberStatus, StatusSnapshot, TrunkStatus } from './status-types.js';

/**
 * One write of the poller for one server: upserts plus deletions, applied together.
 * With `replace` (after a resync) every row of the server that is not in the batch is deleted,
 * so a resync never leaves stale rows or counts anything twice.
 */
export interface StatusBatch extends StatusSnapshot {
  readonly server: string;
  readonly replace: boolean;
  /** Keys to delete: channel uniqueids, `queue\u0000interface` member keys, extension and trunk names, mailbox ids. */
  readonly deleted: {
    readonly channels: readonly string[];
    readonly queueMembers: readonly string[];
    readonly extensions: readonly string[];
    readonly trunks: readonly string[];
    readonly mailboxes: readonly string[];
  };
}

/** Filter of {@link StatusStore.snapshot}. */
export interface StatusQuery {
  /** Only rows of these servers (default: all). */
  readonly servers?: readonly string[];
}

/**
 * Where the poller writes live status. Two methods keep it easy to implement on SQL: a batch is
 * one transaction of upserts keyed by (server, key) and deletes; a snapshot is a set of SELECTs.
 * Keys: extension (server, extension); trunk (server, trunk); channel (server, uniqueid);
 * queue member (server, queue, interface); mailbox (server, mailbox); agent time (server, agent, day).
 */
export interface StatusStore {
  /** Applies one batch atomically. */
  applyBatch(batch: StatusBatch): Promise<void>;
  /** Reads the current rows. */
  snapshot(query?: StatusQuery): Promise<StatusSnapshot>;
}

/** Builds an empty batch for `server`. */
export function emptyBatch(server: string, replace = false): StatusBatch {
  return {
    server, replace, extensions: [], trunks: [], channels: [], queueMembers: [], mailboxes: [], agentTimes: [],
    deleted: { channels: [], queueMembers: [], extensions: [], trunks: [], mailboxes: [] },
  };
}

type Table<T> = Map<string, Map<string, T>>;

function upsert<T>(table: Table<T>, server: string, replace: boolean, rows: readonly T[], key: (row: T) => string, deleted: readonly string[]): void {
  let rowsOf = table.get(server);
  if (rowsOf === undefined || replace) table.set(server, (rowsOf = new Map()));
  for (const row of rows) rowsOf.set(key(row), row);
  for (const k of deleted) rowsOf.delete(k);
}

function collect<T>(table: Table<T>, servers: readonly string[] | undefined): T[] {
  const out: T[] = [];
  for (const [server, rows] of table) if (servers === undefined || servers.includes(server)) out.push(...rows.values());
  return out;
}

/** The in-memory {@link StatusStore}: for tests, the demo and single-process use. */
export class MemoryStatusStore implements StatusStore {
  readonly #extensions: Table<ExtensionStatus> = new Map();
  readonly #trunks: Table<TrunkStatus> = new Map();
  readonly #channels: Table<ChannelStatus> = new Map();
  readonly #members: Table<QueueMemberStatus> = new Map();
  readonly #mailboxes: Table<MailboxStatus> = new Map();
  readonly #agentTimes: Table<AgentTime> = new Map();
  /** Number of batches applied (for tests and metrics). */
  batches = 0;

  /** Applies one batch. */
  async applyBatch(b: StatusBatch): Promise<void> {
    this.batches++;
    upsert(this.#extensions, b.server, b.replace, b.extensions, (r) => r.extension, b.deleted.extensions);
    upsert(this.#trunks, b.server, b.replace, b.trunks, (r) => r.trunk, b.deleted.trunks);
    upsert(this.#channels, b.server, b.replace, b.channels, (r) => r.uniqueid, b.deleted.channels);
    upsert(this.#members, b.server, b.replace, b.queueMembers, (r) => `${r.queue}\u0000${r.interface}`, b.deleted.queueMembers);
    upsert(this.#mailboxes, b.server, b.replace, b.mailboxes, (r) => r.mailbox, b.deleted.mailboxes);
    // Agent times are ACM's own history: a resync replaces the server's rows with the poller's full set.
    upsert(this.#agentTimes, b.server, b.replace, b.agentTimes, (r) => `${r.agent}\u0000${r.day}`, []);
  }

  /** Reads the current rows. */
  async snapshot(query: StatusQuery = {}): Promise<StatusSnapshot> {
    const s = query.servers;
    return {
      extensions: collect(this.#extensions, s),
      trunks: collect(this.#trunks, s),
      channels: collect(this.#channels, s),
      queueMembers: collect(this.#members, s),
      mailboxes: collect(this.#mailboxes, s),
      agentTimes: collect(this.#agentTimes, s),
    };
  }
}
