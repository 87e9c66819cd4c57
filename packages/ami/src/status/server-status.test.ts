import { describe, expect, it } from 'vitest';
import { AmiParser } from '../codec/ami-parser.js';
import type { AmiMessage } from '../codec/ami-message.js';
import { capturesAvailable, loadCapture } from '../test-support/captures.js';
import { ServerStatusTracker, endpointOfChannel } from './server-status.js';
import { agentState } from './agent-state.js';

function messages(prefix: string): AmiMessage[] {
  return new AmiParser().push(loadCapture(prefix).received).flatMap((f) => (f.kind === 'message' ? [f.message] : []));
}
/** The list items (events carrying the action's ActionID) of a capture. */
function items(prefix: string, id: string): AmiMessage[] {
  return messages(prefix).filter((m) => m.actionId === id && m.event !== undefined && m.get('EventList') === undefined);
}

describe('agentState', () => {
  it.each([
    [{ deviceState: 'UNAVAILABLE', memberOf: 1, paused: false }, 'unavailable'],
    [{ deviceState: 'INVALID', memberOf: 2, paused: true }, 'unavailable'],
    [{ deviceState: 'NOT_INUSE', memberOf: 0, paused: false }, 'logged-out'],
    [{ deviceState: 'RINGING', memberOf: 1, paused: false }, 'ringing'],
    [{ deviceState: 'INUSE', memberOf: 1, paused: true }, 'on-call'],
    [{ deviceState: 'NOT_INUSE', memberOf: 2, paused: true }, 'paused'],
    [{ deviceState: 'NOT_INUSE', memberOf: 1, paused: false }, 'available'],
  ] as const)('%j -> %s', (input, expected) => {
    expect(agentState(input)).toBe(expected);
  });

  it('finds the endpoint of a channel', () => {
    expect(endpointOfChannel('PJSIP/6001-0000000a')).toBe('6001');
    expect(endpointOfChannel('PJSIP/trunk-b-00000001')).toBe('trunk-b');
    expect(endpointOfChannel('Local/7000@apps-00000000;1')).toBeUndefined();
  });
});

describe.runIf(capturesAvailable())('ServerStatusTracker on the real Asterisk 22 bytes', () => {
  it('loads the idle lists of instance A, then follows its whole event stream (A-02) to the same end state', () => {
    const t = new ServerStatusTracker('A');
    t.load(
      {
        endpoints: items('A-20', 'a20-pjsipshowendpoints'),
        contacts: items('A-22', 'a22-pjsipshowcontacts'),
        devices: items('A-30', 'a30-devicestatelist'),
        queues: items('A-25', 'a25-queuestatus-idle'),
        channels: items('A-32', 'a32-coreshowchannels-idle'),
        registrations: items('A-23', 'a23-pjsipshowregistrationsoutbound'),
        mailboxes: messages('A-27').filter((m) => m.actionId === 'a27-mailboxcount'),
      },
      0,
    );
    expect(t.counts).toEqual({ endpoints: 4, channels: 0, members: 2, mailboxes: 1, registrations: 1 });
    expect(t.extension('6003', 0)).toMatchObject({ registered: true, deviceState: 'NOT_INUSE', contacts: [{ uri: 'sip:6003@127.0.0.1:5062', status: 'NonQualified' }] });
    expect(t.extension('6001', 0)).toMatchObject({ registered: false, deviceState: 'UNAVAILABLE', agentState: 'unavailable', queues: ['sales'] }); // static member, Status 5 (unavailable)
    expect(t.trunk('trunk-b', 0)).toMatchObject({ registration: 'Registered', reachable: true, activeChannels: 0 });
    expect(t.extension('trunk-b', 0)).toBeUndefined();

    // A-02 holds 6 Newchannel and 6 Hangup events (grep -c), Carol added then removed, 6003
    // unregistered then registered again, trunk-b unregistered then Registered (its last Registry).
    const stream = messages('A-02').filter((m) => m.event !== undefined);
    let maxChannels = 0;
    for (const e of stream) {
      t.apply(e, 1);
      maxChannels = Math.max(maxChannels, t.counts.channels);
    }
    // Two originated Local calls (two legs each) were up when A-44 originated to Local/9999@nowhere,
    // whose two legs existed until they were hung up: 6 channels at the peak.
    expect(maxChannels).toBe(6);
    expect(t.counts.channels).toBe(0);
    expect(t.counts.members).toBe(2);
    expect(t.extension('6003', 1)).toMatchObject({ registered: true, deviceState: 'NOT_INUSE' });
    expect(t.trunk('trunk-b', 1)?.registration).toBe('Registered');
    expect(t.eventsIgnored).toBeGreaterThan(0); // SuccessfulAuth, VarSet, Newexten, ...
  });

  it('sees Carol paused for lunch in the in-call QueueStatus (A-53)', () => {
    const t = new ServerStatusTracker('A');
    t.load({ endpoints: items('A-20', 'a20-pjsipshowendpoints'), contacts: [], devices: items('A-56', 'a56-devicestatelist-incall'), queues: items('A-53', 'a53-queuestatus'), channels: items('A-50', 'a50-coreshowchannels'), registrations: [], mailboxes: [] }, 0);
    expect(t.extension('6003', 0)).toMatchObject({ agentState: 'paused', pauseReason: 'lunch', queues: ['sales'] });
    expect(t.counts.channels).toBe(4);
  });
});
