// The live status model the AMI poller keeps (moved here from @acm/ami so the store can hold it in SQL; @acm/ami re-exports it).
/**
 * What an agent is doing, as the wallboard shows it. `unavailable`: a queue member (static or
 * logged in) whose phone cannot be reached; Asterisk still counts it as a member (QueueMember
 * Status 5). `logged-out`: in no queue any more.
 */
export type AgentState = 'available' | 'on-call' | 'ringing' | 'paused' | 'unavailable' | 'logged-out';

/** Every {@link AgentState}, in wallboard column order. */
export const AGENT_STATES: readonly AgentState[] = ['available', 'on-call', 'ringing', 'paused', 'unavailable', 'logged-out'];

/** The pause reasons the guide names; any other reason text is kept as given. */
export const PAUSE_REASONS = ['lunch', 'break', 'meeting', 'training', 'admin'] as const;

/** One registered contact of an extension or trunk. */
export interface ContactStatus {
  readonly uri: string;
  /** `Reachable`, `Unreachable`, `NonQualified`, or `Unknown` (seen only in a listing). */
  readonly status: string;
  /** Qualify round trip in microseconds (0 when not measured). */
  readonly roundtripUsec: number;
}

/** Live status of one extension (a PJSIP endpoint that is not a trunk) on one server. */
export interface ExtensionStatus {
  readonly server: string;
  /** Endpoint name, normally the extension number. */
  readonly extension: string;
  readonly contacts: readonly ContactStatus[];
  /** True when at least one contact is not Unreachable. */
  readonly registered: boolean;
  /** Asterisk device state: NOT_INUSE, INUSE, RINGING, UNAVAILABLE, ... */
  readonly deviceState: string;
  /** Agent state, for extensions that are members of at least one queue. */
  readonly agentState?: AgentState;
  /** Pause reason when paused (`lunch`, `break`, ...; empty when none was given). */
  readonly pauseReason?: string;
  /** Queues the extension is a member of. */
  readonly queues: readonly string[];
  /** ACD calls taken, summed over its queues (Asterisk's CallsTaken). */
  readonly callsTaken: number;
  /** Unix time (s) of the last ACD call, if any. */
  readonly lastCallAt?: number;
  /** Channels of this endpoint now up or ringing. */
  readonly activeChannels: number;
  /** Unix time (ms) of the last change. */
  readonly updatedAt: number;
}

/** Live status of one trunk (a PJSIP endpoint with an outbound registration or outbound auth). */
export interface TrunkStatus {
  readonly server: string;
  readonly trunk: string;
  /** Outbound registration status (`Registered`, `Unregistered`, `Rejected`, ...) when the trunk registers. */
  readonly registration?: string;
  readonly deviceState: string;
  /** True unless the device is UNAVAILABLE/INVALID or every contact is Unreachable. */
  readonly reachable: boolean;
  /** Channels on this trunk now (one per call through it). */
  readonly activeChannels: number;
  readonly updatedAt: number;
}

/** One live channel. */
export interface ChannelStatus {
  readonly server: string;
  readonly uniqueid: string;
  readonly linkedid: string;
  readonly channel: string;
  /** PJSIP/SIP/IAX2 endpoint the channel belongs to, if any. */
  readonly endpoint?: string;
  /** Asterisk channel state: 4 Ring, 5 Ringing, 6 Up, ... */
  readonly state: number;
  readonly callerIdNum: string;
  readonly callerIdName: string;
  readonly updatedAt: number;
}

/** One member of one queue. */
export interface QueueMemberStatus {
  readonly server: string;
  readonly queue: string;
  /** `PJSIP/6003`. */
  readonly interface: string;
  readonly name: string;
  readonly membership: string;
  readonly paused: boolean;
  readonly pausedReason: string;
  /** Numeric device state as Asterisk reports it for members (1 not in use, 2 in use, 5 unavailable, 6 ringing, ...). */
  readonly status: number;
  readonly callsTaken: number;
  readonly lastCall: number;
  readonly inCall: boolean;
  readonly updatedAt: number;
}

/** Voicemail counts of one mailbox. */
export interface MailboxStatus {
  readonly server: string;
  /** `6001@default`. */
  readonly mailbox: string;
  readonly newMessages: number;
  readonly oldMessages: number;
  readonly urgentMessages: number;
  readonly updatedAt: number;
}

/** Seconds an agent spent in each state on one day (the wallboard columns). */
export interface AgentTime {
  readonly server: string;
  readonly agent: string;
  /** Local date `YYYY-MM-DD`. */
  readonly day: string;
  /** Completed seconds per state; add `now - since` to the current state for a live figure. */
  readonly seconds: Readonly<Record<AgentState, number>>;
  /** Seconds per pause reason (part of `seconds.paused`). */
  readonly pausedByReason: Readonly<Record<string, number>>;
  /** Current state and since when (ms), or undefined while the server is not connected. */
  readonly state?: AgentState;
  readonly since?: number;
}

/** Everything a {@link StatusStore} holds (or a slice of it). */
export interface StatusSnapshot {
  readonly extensions: readonly ExtensionStatus[];
  readonly trunks: readonly TrunkStatus[];
  readonly channels: readonly ChannelStatus[];
  readonly queueMembers: readonly QueueMemberStatus[];
  readonly mailboxes: readonly MailboxStatus[];
  readonly agentTimes: readonly AgentTime[];
}
