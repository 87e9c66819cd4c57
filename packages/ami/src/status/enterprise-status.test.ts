import { describe, expect, it } from 'vitest';
import { describeAgentStatus, enterpriseStatus } from './enterprise-status.js';
import type { ExtensionStatus, StatusSnapshot } from './status-types.js';
import { demoEnterprise } from '../test-support/demo-enterprise.js';

const base = { server: 'ast1', extension: '5105', contacts: [], registered: true, deviceState: 'NOT_INUSE', queues: ['USSales1'], callsTaken: 0, activeChannels: 0, updatedAt: 0 } satisfies ExtensionStatus;

describe('describeAgentStatus', () => {
  it('writes the guide texts', () => {
    const now = 1_000_000_000;
    expect(describeAgentStatus({ ...base, agentState: 'available', callsTaken: 3, lastCallAt: now / 1000 - 120 }, now)).toBe('USSales1 logged in available + 3 ACD calls, last call 2 mins ago');
    expect(describeAgentStatus({ ...base, agentState: 'paused', pauseReason: 'training' }, now)).toBe('USSales1 busy TRAINING');
    expect(describeAgentStatus({ ...base, agentState: 'on-call' }, now)).toBe('USSales1 busy on a call');
    expect(describeAgentStatus({ ...base, agentState: 'logged-out' }, now)).toBe('USSales1 logged out');
    expect(describeAgentStatus(undefined, now)).toBe('no status');
  });
});

describe('enterpriseStatus', () => {
  const snapshot: StatusSnapshot = {
    extensions: [
      { ...base, extension: '6001', agentState: 'paused', pauseReason: 'lunch', queues: ['sales'] },
      { ...base, extension: '6003', queues: [] },
      { ...base, server: 'other', extension: '6002', agentState: 'on-call', queues: ['sales'] }, // a server outside tpa1: ignored
    ],
    trunks: [{ server: 'ast1', trunk: 'trunk-b', registration: 'Registered', deviceState: 'INUSE', reachable: true, activeChannels: 33, updatedAt: 0 }],
    channels: [], queueMembers: [], agentTimes: [],
    mailboxes: [{ server: 'ast1', mailbox: '6001@default', newMessages: 2, oldMessages: 1, urgentMessages: 0, updatedAt: 0 }],
  };

  it('joins status to the model, filters by group, and computes trunk and cluster load', () => {
    const view = enterpriseStatus(demoEnterprise(), snapshot, { group: 'USSales', nowMs: 0 });
    expect(view.extensions.map((e) => [e.extension, e.name, e.agentState ?? '-', e.statusText, e.voicemailNew ?? '-'])).toEqual([
      ['6001', 'Alice', 'paused', 'sales busy LUNCH', 2],
      ['6002', 'Bob', '-', 'no status', '-'],
    ]);
    const all = enterpriseStatus(demoEnterprise(), snapshot, { nowMs: 0 });
    // 33 of 40 channels = 82.5 %: near the limit.
    expect(all.trunks[0]).toMatchObject({ trunk: 'trunk-b', registration: 'Registered', load: { activeCalls: 33, capacity: 40, percent: 82.5, alarm: 'near-limit' } });
    expect(all.clusters).toEqual([{ id: 'tpa1', load: expect.objectContaining({ activeCalls: 33, capacity: 40 }) }]);
    expect(all.trunkGroups).toEqual([{ id: 'TNX', load: expect.objectContaining({ activeCalls: 33 }) }]);
    expect(enterpriseStatus(demoEnterprise(), snapshot, { cluster: 'nowhere' }).extensions).toEqual([]);
  });
});
