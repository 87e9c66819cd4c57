// The status model lives in @acm/core (its SQL store keeps it in tables); re-exported here so the
// poller's modules and @acm/ami's users keep importing it from one place.
export { AGENT_STATES, PAUSE_REASONS } from '@acm/core';
export type {
  AgentState, AgentTime, ChannelStatus, ContactStatus, ExtensionStatus, MailboxStatus, QueueMemberStatus, StatusSnapshot, TrunkStatus,
} from '@acm/core';
