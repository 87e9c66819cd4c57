/**
 * `@acm/ami`: a reliable AMI client (own codec over node:net), the status poller and its store
 * interface, and live metrics. The AMI simulator is `@acm/ami/simulator` and the transport over
 * the npm `asterisk-manager` library is `@acm/ami/asterisk-manager`: neither loads with this entry.
 * @packageDocumentation
 */
export { AmiMessage } from './codec/ami-message.js';
export type { AmiHeader } from './codec/ami-message.js';
export { AmiParser } from './codec/ami-parser.js';
export type { AmiFrame, AmiParserOptions } from './codec/ami-parser.js';
export { serializeAction, serializeHeaders, validateAction } from './codec/ami-serializer.js';
export type { AmiAction, AmiValue } from './codec/ami-serializer.js';
export { AmiError } from './codec/ami-error.js';
export type { AmiErrorCode } from './codec/ami-error.js';

export type {
  AmiCommandResult, AmiConnection, AmiConnectionEvents, AmiConnectionState, AmiListResult, AmiSendOptions,
} from './client/ami-connection.js';
export { AmiClient, EMPTY_LIST_ERRORS, isEmptyListError } from './client/ami-client.js';
export type { AmiClientOptions } from './client/ami-client.js';
export type { AmiTransport, AmiTransportFactory, AmiTransportHandlers } from './client/ami-transport.js';
export { NetTransport } from './client/net-transport.js';
export type { NetTransportOptions } from './client/net-transport.js';
export { Backoff } from './client/backoff.js';
export type { BackoffOptions } from './client/backoff.js';
export { AmiManager } from './client/ami-manager.js';
export type { AmiConnectionFactory, AmiManagerEvents } from './client/ami-manager.js';
export { Emitter } from './client/emitter.js';

export { AGENT_STATES, PAUSE_REASONS } from './status/status-types.js';
export type {
  AgentState, AgentTime, ChannelStatus, ContactStatus, ExtensionStatus, MailboxStatus, QueueMemberStatus, StatusSnapshot, TrunkStatus,
} from './status/status-types.js';
export { MemoryStatusStore, emptyBatch } from './status/status-store.js';
export type { StatusBatch, StatusQuery, StatusStore } from './status/status-store.js';
export { agentState, deviceStateFromText } from './status/agent-state.js';
export { ServerStatusTracker, endpointOfChannel } from './status/server-status.js';
export type { ResyncData, StatusChanges } from './status/server-status.js';
export { describeAgentStatus, enterpriseStatus } from './status/enterprise-status.js';
export type { ChannelStatusRow, EnterpriseStatusOptions, EnterpriseStatusView, ExtensionStatusRow, LoadRow, TrunkStatusRow } from './status/enterprise-status.js';
export { pollStatus } from './status/poll-status.js';
export type { PolledStatus, PollStatusOptions } from './status/poll-status.js';
export { SqlStatusStore, serverClusters } from './status/sql-status-store.js';
export type { SqlStatusQuery, SqlStatusStoreOptions, StatusBatchListener } from './status/sql-status-store.js';

export { StatusPoller } from './poller/status-poller.js';
export type { StatusPollerEvents, StatusPollerOptions } from './poller/status-poller.js';
export { AgentClock, localDay } from './poller/agent-clock.js';
export { pollEnterprise, pollEnterpriseOnce, resolveAmiSecret } from './poller/enterprise-poller.js';
export type { EnterprisePolling, PollEnterpriseOptions, ServerPollOutcome } from './poller/enterprise-poller.js';
