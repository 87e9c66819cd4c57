import { describe, expect, it } from 'vitest';
import { describeAgentStatus, enterpriseStatus } from './enterprise-status.js';
import type { ExtensionStatus, StatusSnapshot } from './status-types.js';
import type { Enterprise } from '@acm/core';
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
    // 33 trunk calls: the trunk's channel and the phone's channel share the call's linkedid.
    channels: Array.from({ length: 33 }, (_, i) => [
      { server: 'ast1', uniqueid: `t${i}`, linkedid: `call${i}`, channel: `PJSIP/trunk-b-${i}`, endpoint: 'trunk-b', state: 6, callerIdNum: '555', callerIdName: '', updatedAt: 0 },
      { server: 'ast1', uniqueid: `p${i}`, linkedid: `call${i}`, channel: `PJSIP/6001-${i}`, endpoint: '6001', state: 6, callerIdNum: '6001', callerIdName: '', updatedAt: 0 },
    ]).flat(),
    queueMembers: [], agentTimes: [],
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

  it('counts every call on the cluster (internal ones too), lists the channels, shows hot-desk phones, and an unavailable member as a member', () => {
    const ch = (server: string, uniqueid: string, linkedid: string, endpoint: string) =>
      ({ server, uniqueid, linkedid, channel: `PJSIP/${endpoint}-${uniqueid}`, endpoint, state: 6, callerIdNum: endpoint, callerIdName: '', updatedAt: 0 });
    const model = { ...demoEnterprise(), hotDesks: [{ number: '5811', cluster: 'tpa1', name: 'tpa-hotdesk-1', secret: 'x', group: 'IT' }] } as Enterprise;
    const snap: StatusSnapshot = {
      extensions: [
        { ...base, extension: '6001', registered: false, deviceState: 'UNAVAILABLE', agentState: 'unavailable', queues: ['sales'] },
        { ...base, extension: '5811', queues: [], activeChannels: 1 },
      ],
      trunks: [{ server: 'ast1', trunk: 'trunk-b', registration: 'Registered', deviceState: 'INUSE', reachable: true, activeChannels: 1, updatedAt: 0 }],
      channels: [
        ch('ast1', '1.1', '1.1', '6003'), ch('ast1', '1.2', '1.1', '5811'), // internal call: 6003 -> hot desk 5811
        ch('ast1', '2.1', '2.1', 'trunk-b'), ch('ast1', '2.2', '2.1', '6002'), // trunk call to Bob
        ch('other', '9.1', '9.1', '6001'), // a server outside the model: not shown, not counted
      ],
      queueMembers: [], agentTimes: [], mailboxes: [],
    };
    const view = enterpriseStatus(model, snap, { nowMs: 0 });
    // Two calls (two linkedids on ast1), of which one through the trunk.
    expect(view.clusters).toEqual([{ id: 'tpa1', load: expect.objectContaining({ activeCalls: 2, capacity: 40 }) }]);
    expect(view.trunks[0]?.load).toMatchObject({ activeCalls: 1 });
    expect(view.channels.map((c) => [c.cluster, c.server, c.uniqueid])).toEqual([['tpa1', 'ast1', '1.1'], ['tpa1', 'ast1', '1.2'], ['tpa1', 'ast1', '2.1'], ['tpa1', 'ast1', '2.2']]);
    const row = (n: string) => view.extensions.find((e) => e.extension === n);
    expect(row('5811')).toMatchObject({ kind: 'hot-desk', name: 'tpa-hotdesk-1', group: 'IT', cluster: 'tpa1', registered: true, server: 'ast1' });
    expect(row('6001')).toMatchObject({ kind: 'extension', agentState: 'unavailable' });
    // With a group, only the channels of calls that touch it: IT has 6003 and the hot desk.
    expect(enterpriseStatus(model, snap, { group: 'IT', nowMs: 0 }).channels.map((c) => c.uniqueid)).toEqual(['1.1', '1.2']);
  });
});
