import { describe, expect, it } from 'vitest';
import { AmiParser, type AmiFrame } from './ami-parser.js';
import { AmiMessage } from './ami-message.js';
import { serializeAction, serializeHeaders } from './ami-serializer.js';
import { AmiError } from './ami-error.js';
import { capturesAvailable, captureNames, loadCapture, receivedChunks } from '../test-support/captures.js';

function messages(frames: readonly AmiFrame[]): AmiMessage[] {
  return frames.flatMap((f) => (f.kind === 'message' ? [f.message] : []));
}

function parseAll(chunks: readonly (Buffer | string)[]): { frames: AmiFrame[]; parser: AmiParser } {
  const parser = new AmiParser();
  const frames = chunks.flatMap((c) => parser.push(c));
  return { frames, parser };
}

describe('AmiParser on synthetic input', () => {
  it('splits on CRLF CRLF and keeps header order, case and repeated keys', () => {
    const { frames } = parseAll(['Response: Success\r\nActionID: x\r\nMessage: Command output follows\r\nOutput: \r\nOutput:  a  b\r\n\r\n']);
    const [m] = messages(frames);
    expect(m?.headers.map((h) => h[0])).toEqual(['Response', 'ActionID', 'Message', 'Output', 'Output']);
    // One space after the colon is the separator; the second space belongs to the value.
    expect(m?.getAll('output')).toEqual(['', ' a  b']);
    expect(m?.get('actionid')).toBe('x');
  });

  it('joins a message cut at every possible byte', () => {
    const text = 'Asterisk Call Manager/11.0.0\r\nEvent: A\r\nX: 1\r\n\r\nEvent: B\r\nY: 2\r\n\r\n';
    for (let cut = 0; cut <= text.length; cut++) {
      for (let cut2 = cut; cut2 <= text.length; cut2 += 7) {
        const { frames, parser } = parseAll([text.slice(0, cut), text.slice(cut, cut2), text.slice(cut2)]);
        expect(frames[0]).toEqual({ kind: 'banner', text: 'Asterisk Call Manager/11.0.0' });
        expect(messages(frames).map((m) => m.event)).toEqual(['A', 'B']);
        expect(parser.pendingBytes).toBe(0);
      }
    }
  });

  it('parses a 64 KB line delivered in 1 KB reads', () => {
    const big = 'x'.repeat(64 * 1024);
    const bytes = Buffer.from(`Event: Big\r\nData: ${big}\r\n\r\nEvent: After\r\n\r\n`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 1024) chunks.push(bytes.subarray(i, i + 1024));
    const msgs = messages(parseAll(chunks).frames);
    expect(msgs.map((m) => m.event)).toEqual(['Big', 'After']);
    expect(msgs[0]?.get('Data')?.length).toBe(64 * 1024);
  });

  it('reports garbage lines and keeps parsing the messages around them', () => {
    const { frames } = parseAll([
      Buffer.concat([Buffer.from('Event: One\r\n\r\n'), Buffer.from([0, 0xff, 0xfe, 0x41]), Buffer.from('\r\n\r\nEvent: Two\r\nnot a header\r\nK: v\r\n\r\n')]),
    ]);
    expect(messages(frames).map((m) => m.event)).toEqual(['One', 'Two']);
    expect(messages(frames)[1]?.get('K')).toBe('v');
    const garbage = frames.filter((f) => f.kind === 'garbage');
    expect(garbage).toHaveLength(2);
    expect(garbage.map((g) => (g.kind === 'garbage' ? g.reason : ''))).toEqual(['bad-line', 'bad-line']);
  });

  it('skips an oversize message, reports it, and resynchronises on the next delimiter', () => {
    const parser = new AmiParser({ maxMessageBytes: 1000 });
    const frames = [
      ...parser.push('Event: Huge\r\nData: '),
      ...parser.push('y'.repeat(3000)),
      ...parser.push('\r\n\r\nEvent: Fine\r\n\r\n'),
    ];
    expect(messages(frames).map((m) => m.event)).toEqual(['Fine']);
    const over = frames.find((f) => f.kind === 'garbage');
    expect(over).toMatchObject({ kind: 'garbage', reason: 'oversize' });
    expect(parser.pendingBytes).toBe(0);
  });

  it('turns the raw text of an old `Response: Follows` into Output headers', () => {
    const msgs = messages(parseAll(['Response: Follows\r\nPrivilege: Command\r\nActionID: c1\r\nline one\r\nline: two\r\n--END COMMAND--\r\n\r\n']).frames);
    // `line: two` looks like a header and is kept as one; the raw line becomes Output.
    expect(msgs[0]?.getAll('Output')).toEqual(['line one']);
    expect(msgs[0]?.actionId).toBe('c1');
  });
});

describe('serializeAction', () => {
  it('writes Action, ActionID, headers in order and arrays as repeated lines', () => {
    expect(serializeAction({ action: 'Originate', headers: { Channel: 'Local/7000@apps', Async: true, Variable: ['A=1', 'B=2'], Skip: undefined } }, 'id-1')).toBe(
      'Action: Originate\r\nActionID: id-1\r\nChannel: Local/7000@apps\r\nAsync: true\r\nVariable: A=1\r\nVariable: B=2\r\n\r\n',
    );
  });

  it.each([['a\r\nAction: Logoff'], ['a\nb'], ['a\rb'], ['a\0b']])('rejects a value with CR/LF/NUL: %j', (value) => {
    expect(() => serializeAction({ action: 'Ping', headers: { X: value } }, 'id')).toThrow(AmiError);
    try {
      serializeAction({ action: 'Ping', headers: { X: value } }, 'id');
    } catch (e) {
      expect((e as AmiError).code).toBe('invalid-header');
    }
  });

  it('rejects header names that are not tokens and a caller-set ActionID', () => {
    expect(() => serializeAction({ action: 'Ping', headers: { 'Bad Name': 'x' } }, 'id')).toThrow(AmiError);
    expect(() => serializeAction({ action: 'Ping\r\nX', headers: {} }, 'id')).toThrow(AmiError);
    expect(() => serializeAction({ action: 'Ping', headers: { actionid: 'mine' } }, 'id')).toThrow(AmiError);
  });

  it('round-trips through the parser', () => {
    const wire = serializeHeaders([['Event', 'X'], ['Empty', ''], ['Output', '  spaced']]);
    expect(wire).toBe('Event: X\r\nEmpty: \r\nOutput:   spaced\r\n\r\n');
    const m = messages(new AmiParser({ expectBanner: false }).push(wire))[0];
    expect(m?.headers).toEqual([['Event', 'X'], ['Empty', ''], ['Output', '  spaced']]);
  });
});

// Counts checked by hand, independently of this parser:
//   messages = grep -c $'^\r$' <file>   (every message ends with one empty line)
//   events   = grep -c '^Event:' <file>
const EXPECTED: Record<string, readonly [messages: number, events: number]> = {
  'A-01': [3, 2], 'A-02': [150, 149], 'A-03': [2, 0], 'A-10': [4, 2], 'A-11': [5, 3], 'A-12': [4, 2],
  'A-13': [4, 2], 'A-14': [4, 2], 'A-15': [4, 2], 'A-16': [4, 2], 'A-17': [4, 2], 'A-18': [4, 2], 'A-19': [4, 2],
  'A-20': [9, 7], 'A-21': [8, 6], 'A-22': [6, 4], 'A-23': [7, 5], 'A-24': [9, 7], 'A-25': [8, 6], 'A-26': [6, 4],
  'A-27': [4, 2], 'A-28': [4, 2], 'A-29': [8, 6], 'A-30': [15, 13], 'A-31': [5, 3], 'A-32': [5, 3],
  'A-40': [6, 4], 'A-41': [6, 4], 'A-42': [23, 21], 'A-43': [23, 21], 'A-44': [12, 10],
  'A-50': [9, 7], 'A-51': [9, 7], 'A-52': [11, 9], 'A-53': [9, 7], 'A-54': [6, 4], 'A-55': [4, 2],
  'A-56': [16, 14], 'A-57': [8, 6], 'A-60': [10, 8], 'A-61': [6, 4], 'A-62': [5, 3], 'A-63': [5, 3],
  'A-70': [6, 4], 'A-71': [5, 3], 'A-72': [1, 0], 'A-73': [4, 2], 'B-01': [32, 31], 'B-02': [5, 3], 'B-03': [5, 3],
};

describe.runIf(capturesAvailable())('replay of every Asterisk 22 capture with its real TCP read boundaries', () => {
  const names = capturesAvailable() ? captureNames() : [];

  it('covers all 50 captures', () => {
    expect(names).toHaveLength(50);
    expect(names.map((n) => n.slice(0, 4)).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(names)('%s', (name) => {
    const capture = loadCapture(name);
    const chunks = receivedChunks(capture);
    expect(Buffer.concat(chunks).equals(capture.received)).toBe(true);
    const { frames, parser } = parseAll(chunks);
    const [expectedMessages, expectedEvents] = EXPECTED[name.slice(0, 4)]!;
    expect(frames[0]).toEqual({ kind: 'banner', text: 'Asterisk Call Manager/11.0.0' });
    expect(frames.filter((f) => f.kind === 'banner')).toHaveLength(1);
    expect(frames.filter((f) => f.kind === 'garbage')).toEqual([]);
    const msgs = messages(frames);
    expect(msgs).toHaveLength(expectedMessages);
    expect(msgs.filter((m) => m.event !== undefined)).toHaveLength(expectedEvents);
    expect(parser.pendingBytes).toBe(0);
    // Re-serialising the parsed messages gives back the exact bytes after the banner.
    const rebuilt = 'Asterisk Call Manager/11.0.0\r\n' + msgs.map((m) => serializeHeaders(m.headers)).join('');
    expect(Buffer.from(rebuilt, 'utf8').equals(capture.received)).toBe(true);
  });

  // The README says 339 reads, 18 of them ending inside a message. An independent count in Python
  // (a read ends inside a message unless the bytes so far end with CRLF CRLF or are the 30-byte
  // banner) gives 339 and 17: 1 in A-13, 10 in A-15, 1 each in A-16..A-19 and A-30. We assert 17.
  it('matches the framing statistics: 339 reads, 17 ending inside a message', () => {
    let reads = 0;
    let midMessage = 0;
    for (const name of names) {
      const parser = new AmiParser();
      for (const chunk of receivedChunks(loadCapture(name))) {
        reads++;
        parser.push(chunk);
        if (parser.pendingBytes > 0) midMessage++;
      }
    }
    expect(reads).toBe(339);
    expect(midMessage).toBe(17);
  });

  it('reads specific fields as they stand in the files', () => {
    const ping = messages(parseAll(receivedChunks(loadCapture('A-12'))).frames);
    // A-12 line 25-28: the Ping response.
    expect(ping[3]?.toObject()).toEqual({ Response: 'Success', ActionID: 'a12-ping', Ping: 'Pong', Timestamp: '1795333933.246614' });

    const cmd = messages(parseAll(receivedChunks(loadCapture('A-13'))).frames).find((m) => m.actionId === 'a13-command-pjsip-show-endpoints');
    const output = cmd?.getAll('Output') ?? [];
    expect(output).toHaveLength(35); // grep -c '^Output:' A-13-*.bin
    expect(output[0]).toBe('');
    expect(output[1]).toBe(' Endpoint:  <Endpoint/CID.....................................>  <State.....>  <Channels.>');
    expect(output[33]).toBe('Objects found: 4');

    const eps = messages(parseAll(receivedChunks(loadCapture('A-20'))).frames).filter((m) => m.event === 'EndpointList');
    expect(eps.map((m) => [m.get('ObjectName'), m.get('DeviceState'), m.get('Contacts')])).toEqual([
      ['6001', 'Unavailable', ''],
      ['6002', 'Unavailable', ''],
      ['6003', 'Not in use', '6003/sip:6003@127.0.0.1:5062,'],
      ['trunk-b', 'Not in use', 'trunk-b/sip:127.0.0.1:5062,'],
    ]);

    const queue = messages(parseAll(receivedChunks(loadCapture('A-55'))).frames).find((m) => m.actionId === 'a55-command-queue-show-sales');
    const longest = Math.max(...(queue?.getAll('Output') ?? []).map((o) => `Output: ${o}`.length));
    expect(longest).toBe(153); // README: the longest AMI line, 153 characters without CRLF

    const wrong = messages(parseAll(receivedChunks(loadCapture('A-72'))).frames);
    expect(wrong.map((m) => m.toObject())).toEqual([{ Response: 'Error', ActionID: 'login-a-72', Message: 'Authentication failed' }]);

    const b01 = messages(parseAll(receivedChunks(loadCapture('B-01'))).frames);
    expect(b01.at(-1)?.toObject()).toEqual({ Event: 'Shutdown', Privilege: 'system,all', Shutdown: 'Cleanly', Restart: 'False' });
    expect(b01.filter((m) => m.event === 'ContactStatus')).toHaveLength(6); // grep -c '^Event: ContactStatus'
  });
});
