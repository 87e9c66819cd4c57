import type { Generated } from 'kysely';
/**
 * Columns every status table shares: the server the row came from, its cluster (from the model,
 * null when unknown) and the time of the last change in Unix ms.
 */
export interface StatusRowBase {
  server: string;
  cluster: string | null;
  updated_at: number;
}

/** One extension (PJSIP endpoint that is not a trunk) on one server. Key (server, extension). */
export interface StatusExtensionTable extends StatusRowBase {
  extension: string;
  /** Registered contacts as JSON: `[{ uri, status, roundtripUsec }]`. */
  contacts: string;
  /** 1 when at least one contact is not Unreachable. */
  registered: number;
  device_state: string;
  agent_state: string | null;
  pause_reason: string | null;
  /** Queues the extension is a member of, as a JSON array. */
  queues: string;
  calls_taken: number;
  last_call_at: number | null;
  active_channels: number;
}

/** One trunk on one server. Key (server, trunk). */
export interface StatusTrunkTable extends StatusRowBase {
  trunk: string;
  registration: string | null;
  device_state: string;
  reachable: number;
  active_channels: number;
}

/** One live channel. Key (server, uniqueid). */
export interface StatusChannelTable extends StatusRowBase {
  uniqueid: string;
  linkedid: string;
  channel: string;
  endpoint: string | null;
  state: number;
  caller_id_num: string;
  caller_id_name: string;
}

/** One member of one queue. Key (server, queue, interface). */
export interface StatusQueueMemberTable extends StatusRowBase {
  queue: string;
  interface: string;
  name: string;
  membership: string;
  paused: number;
  paused_reason: string;
  status: number;
  calls_taken: number;
  last_call: number;
  in_call: number;
}

/** Voicemail counts of one mailbox. Key (server, mailbox). */
export interface StatusMailboxTable extends StatusRowBase {
  mailbox: string;
  new_messages: number;
  old_messages: number;
  urgent_messages: number;
}

/** Seconds one agent spent in each state on one day. Key (server, agent, day). */
export interface StatusAgentTimeTable extends StatusRowBase {
  agent: string;
  day: string;
  available_s: number;
  on_call_s: number;
  ringing_s: number;
  paused_s: number;
  logged_out_s: number;
  /** Added by migration 0004-agent-unavailable. */
  unavailable_s: number;
  /** Seconds per pause reason as a JSON object. */
  paused_by_reason: string;
  /** Current state and since when (ms); null while the server is not connected. */
  state: string | null;
  since: number | null;
}

/** The status tables (migration `0002-status`), as Kysely sees them. */
/** One committed status batch, for readers in other processes. Key id (increasing). */
export interface StatusFeedTable {
  id: Generated<number>;
  /** Commit time, Unix ms. */
  at: number;
  server: string;
  cluster: string | null;
  /** The status batch as JSON. */
  batch: string;
}

export interface StatusDatabase {
  acm_status_feed: StatusFeedTable;
  acm_status_extension: StatusExtensionTable;
  acm_status_trunk: StatusTrunkTable;
  acm_status_channel: StatusChannelTable;
  acm_status_queue_member: StatusQueueMemberTable;
  acm_status_mailbox: StatusMailboxTable;
  acm_status_agent_time: StatusAgentTimeTable;
}
