import { afterEach, describe, expect, it, vi } from 'vitest';
import Manager from 'asterisk-manager';
import { AmiClient, type AmiClientOptions } from './ami-client.js';
import { Backoff } from './backoff.js';
import { AmiError } from '../codec/ami-error.js';
import { loginReply, startRawServer, type RawServer } from '../test-support/raw-server.js';
import { AsteriskManagerTransport } from '../asterisk-manager/asterisk-manager-transport.js';

const TRANSPORTS = ['net', 'asterisk-manager'] as const;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
  vi.restoreAllMocks();
});

function until(check: () => boolean, what: string): Promise<void> {
  return vi.waitFor(() => {
    if (!check()) throw new Error(`still waiting for ${what}`);
  }, { timeout: 5000, interval: 5 });
}

/** A server that logs in with `secret`, answers Ping, and hands other actions to `extra`. */
async function server(extra: (m: import('../codec/ami-message.js').AmiMessage, s: import('node:net').Socket, srv: RawServer) => void = () => undefined): Promise<RawServer> {
  const srv = await startRawServer((m, socket, state) => {
    const action = m.get('Action')?.toLowerCase();
    if (action === 'login') {
      const reply = loginReply(m);
      socket.write(reply);
      if (reply.includes('Error')) socket.end();
    } else if (action === 'ping') socket.write(`Response: Success\r\nActionID: ${m.actionId}\r\nPing: Pong\r\nTimestamp: 1.0\r\n\r\n`);
    else if (action === 'logoff') socket.end(`Response: Goodbye\r\nActionID: ${m.actionId}\r\nMessage: Thanks for all the fish.\r\n\r\n`);
    else extra(m, socket, state);
  });
  cleanups.push(() => srv.close());
  return srv;
}

/** The client option for a transport: ours by name, the library's through its factory (`@acm/ami/asterisk-manager`). */
function transportOption(transport: (typeof TRANSPORTS)[number], port: number): AmiClientOptions['transport'] {
  return transport === 'net' ? 'net' : () => new AsteriskManagerTransport({ host: '127.0.0.1', port });
}

function client(port: number, transport: (typeof TRANSPORTS)[number], more: Partial<AmiClientOptions> = {}): AmiClient {
  const c = new AmiClient({ host: '127.0.0.1', port, username: 'acm', secret: 'secret', transport: transportOption(transport, port), keepalive: { intervalMs: 0 }, ...more });
  cleanups.push(() => c.close());
  return c;
}

describe('Backoff', () => {
  it('grows exponentially up to the cap', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
    expect(Array.from({ length: 6 }, () => b.next())).toEqual([100, 200, 400, 800, 1000, 1000]);
    b.reset();
    expect(b.next()).toBe(100);
  });

  it('applies jitter inside [base*(1-j), base]', () => {
    // random() = 0 gives base * (1 - 0.5); random() -> 1 gives the full base.
    expect(new Backoff({ initialMs: 1000, jitter: 0.5, random: () => 0 }).next()).toBe(500);
    expect(new Backoff({ initialMs: 1000, jitter: 0.5, random: () => 0.999999 }).next()).toBe(1000);
  });
});

describe.each(TRANSPORTS)('AmiClient over %s', (transport) => {
  it('rejects CR/LF in values before anything is written', async () => {
    const srv = await server();
    const c = client(srv.port, transport);
    await c.connect();
    await expect(c.action({ action: 'Ping', headers: { X: 'a\r\nAction: Logoff' } })).rejects.toMatchObject({ code: 'invalid-header' });
    await c.action({ action: 'Ping' });
    expect(srv.received.join('')).not.toContain('Logoff');
  });

  it('puts our own ActionIDs on the wire and matches responses by them', async () => {
    const srv = await server((m, s) => s.write(`Response: Success\r\nActionID: ${m.actionId}\r\nEcho: ${m.get('Queue')}\r\n\r\n`));
    const c = client(srv.port, transport);
    await c.connect();
    const [a, b] = await Promise.all([c.action({ action: 'Echo', headers: { Queue: 'one' } }), c.action({ action: 'Echo', headers: { Queue: 'two' } })]);
    expect([a.get('Echo'), b.get('Echo')]).toEqual(['one', 'two']);
    const ids = [...srv.received.join('').matchAll(/ActionID: (\S+)\r\n/g)].map((x) => x[1]);
    // Login (through the library: its own timestamp id), then our two ids.
    expect(ids.slice(-2).every((id) => /^acm[0-9a-f]{6}-\d+$/.test(id!))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('times out an action that is never answered, and forgets it', async () => {
    const srv = await server(); // ignores `Silent`
    const c = client(srv.port, transport);
    await c.connect();
    await expect(c.action({ action: 'Silent' }, { timeoutMs: 30 })).rejects.toMatchObject({ code: 'timeout', data: { action: 'Silent' } });
    expect(c.pendingCount).toBe(0);
    await expect(c.action({ action: 'Ping' })).resolves.toBeDefined();
  });

  it('fails pending actions when the connection drops', async () => {
    const srv = await server((m, s) => {
      if (m.get('Action') === 'Hang') s.destroy();
    });
    const c = client(srv.port, transport, { reconnect: false });
    await c.connect();
    const silent = c.action({ action: 'Silent' });
    const hang = c.action({ action: 'Hang' });
    await expect(silent).rejects.toMatchObject({ code: 'disconnected' });
    await expect(hang).rejects.toMatchObject({ code: 'disconnected' });
    expect(c.pendingCount).toBe(0);
  });

  it('collects an event list until its Complete event; unrelated events still flow', async () => {
    const srv = await server((m, s) => {
      const id = m.actionId!;
      s.write(`Response: Success\r\nActionID: ${id}\r\nEventList: start\r\nMessage: Things follow\r\n\r\n`);
      s.write(`Event: Thing\r\nActionID: ${id}\r\nName: a\r\n\r\nEvent: Unrelated\r\nPrivilege: call,all\r\n\r\n`);
      s.write(`Event: Thing\r\nActionID: ${id}\r\nName: b\r\n\r\nEvent: ThingListComplete\r\nActionID: ${id}\r\nEventList: Complete\r\nListItems: 2\r\n\r\n`);
    });
    const c = client(srv.port, transport);
    const events: string[] = [];
    c.on('event', (e) => events.push(e.event ?? '?'));
    await c.connect();
    const result = await c.list({ action: 'ListThings' });
    expect(result.items.map((i) => i.get('Name'))).toEqual(['a', 'b']);
    expect(result.complete?.get('ListItems')).toBe('2');
    await until(() => events.includes('Unrelated'), 'the unrelated event');
    expect(events).not.toContain('Thing');
  });

  it('reads the error Asterisk sends for an empty list (standby capture C-01, bare \\n) as an empty list; other errors still fail', async () => {
    const srv = await server((m, s) => {
      const id = m.actionId!;
      const action = m.get('Action');
      // The exact bytes of standby/C-01: the message line ends with a bare \n before the CRLF.
      if (action === 'PJSIPShowContacts') s.write(`Response: Error\r\nActionID: ${id}\r\nMessage: No Contacts found\n\r\n\r\n`);
      else if (action === 'PJSIPShowEndpoints') s.write(`Response: Error\r\nActionID: ${id}\r\nMessage: No endpoints found\n\r\n\r\n`);
      else if (action === 'QueueStatus') s.write(`Response: Error\r\nActionID: ${id}\r\nMessage: No Contacts found\n\r\n\r\n`);
      else s.write(`Response: Error\r\nActionID: ${id}\r\nMessage: Permission denied\r\n\r\n`);
    });
    const c = client(srv.port, transport);
    await c.connect();
    const contacts = await c.list({ action: 'PJSIPShowContacts' });
    expect(contacts.items).toEqual([]);
    expect(contacts.complete).toBeUndefined();
    expect((await c.list({ action: 'PJSIPShowEndpoints' })).items).toEqual([]);
    // The same words from an action that never answers an empty list that way are a failure.
    await expect(c.list({ action: 'QueueStatus' })).rejects.toMatchObject({ code: 'action-failed' });
    await expect(c.list({ action: 'PJSIPShowAors' })).rejects.toMatchObject({ code: 'action-failed' });
  });

  it('reads Command output from repeated Output lines (one line or many)', async () => {
    const srv = await server((m, s) => {
      const cmd = m.get('Command');
      if (cmd === 'core show uptime') s.write(`Response: Success\r\nActionID: ${m.actionId}\r\nMessage: Command output follows\r\nOutput: System uptime: 15 seconds\r\n\r\n`);
      else s.write(`Response: Success\r\nActionID: ${m.actionId}\r\nMessage: Command output follows\r\nOutput: \r\nOutput:  Endpoint:  6001\r\nOutput: Objects found: 1\r\n\r\n`);
    });
    const c = client(srv.port, transport);
    await c.connect();
    expect((await c.command('core show uptime')).output).toEqual(['System uptime: 15 seconds']);
    const many = await c.command('pjsip show endpoints');
    // The library trims nothing here but lowercases keys; both transports give the same lines.
    expect(many.output).toEqual(['', ' Endpoint:  6001', 'Objects found: 1']);
    expect(many.ok).toBe(true);
  });

  it('reports a wrong secret once and does not retry', async () => {
    const srv = await server();
    const c = new AmiClient({ host: '127.0.0.1', port: srv.port, username: 'acm', secret: 'wrong', transport: transportOption(transport, srv.port), backoff: { initialMs: 1 }, keepalive: { intervalMs: 0 } });
    cleanups.push(() => c.close());
    const failures: AmiError[] = [];
    c.on('auth-failed', ({ error }) => failures.push(error));
    const err = await c.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmiError);
    expect((err as AmiError).code).toBe('auth-failed');
    expect((err as AmiError).message).not.toContain('wrong');
    // With a 1 ms backoff a retry loop would have made many connections by now.
    await new Promise((r) => setTimeout(r, 100));
    expect(srv.connections).toBe(1);
    expect(failures).toHaveLength(1);
    expect(c.state).toBe('auth-failed');
  });

  it('reconnects by itself with growing delays after the server drops it', async () => {
    let drops = 2;
    const srv = await server((m, s) => {
      if (m.get('Action') === 'Drop' && drops-- > 0) s.destroy();
    });
    const c = client(srv.port, transport, { backoff: { initialMs: 5, jitter: 0 } });
    const delays: number[] = [];
    let connects = 0;
    c.on('reconnecting', ({ delayMs }) => delays.push(delayMs));
    c.on('connected', () => connects++);
    await c.connect();
    await c.action({ action: 'Drop' }).catch(() => undefined);
    await until(() => connects === 2, 'second login');
    await c.action({ action: 'Drop' }).catch(() => undefined);
    await until(() => connects === 3, 'third login');
    // Each successful login resets the backoff, so both drops start again at 5 ms.
    expect(delays).toEqual([5, 5]);
    expect(srv.connections).toBe(3);
  });

  it('detects a dead peer with keepalive pings and reconnects', async () => {
    let deaf = true;
    const srv = await startRawServer((m, socket) => {
      const action = m.get('Action')?.toLowerCase();
      if (action === 'login') socket.write(loginReply(m));
      else if (action === 'ping' && !deaf) socket.write(`Response: Success\r\nActionID: ${m.actionId}\r\nPing: Pong\r\n\r\n`);
      else if (action === 'ping') deaf = false; // the first connection never answers pings
    });
    cleanups.push(() => srv.close());
    const c = client(srv.port, transport, { keepalive: { intervalMs: 10, timeoutMs: 30 }, backoff: { initialMs: 1 } });
    const reasons: unknown[] = [];
    c.on('disconnected', ({ error }) => reasons.push(error.data['reason']));
    let connects = 0;
    c.on('connected', () => connects++);
    await c.connect();
    await until(() => connects === 2, 'reconnect after keepalive timeout');
    expect(reasons[0]).toBe('keepalive');
  });

  it('writes nothing to the console, even through failures and reconnects', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((k) => vi.spyOn(console, k));
    const srv = await server((m, s) => s.destroy());
    const c = client(srv.port, transport, { backoff: { initialMs: 1 } });
    let connects = 0;
    c.on('connected', () => connects++);
    await c.connect();
    await c.action({ action: 'Boom' }).catch(() => undefined);
    await until(() => connects === 2, 'reconnect');
    await c.close();
    const refused = new AmiClient({ host: '127.0.0.1', port: 1, username: 'u', secret: 's', transport: transportOption(transport, 1), reconnect: false });
    await expect(refused.connect()).rejects.toMatchObject({ code: 'connect-failed' });
    for (const s of spies) expect(s).not.toHaveBeenCalled();
  });

  it('shuts down cleanly: Logoff sent, pending failed with closed, no reconnect', async () => {
    const srv = await server();
    const c = client(srv.port, transport, { backoff: { initialMs: 1 } });
    await c.connect();
    const pending = c.action({ action: 'Silent' });
    await c.close();
    await expect(pending).rejects.toMatchObject({ code: 'closed' });
    expect(c.state).toBe('closed');
    await until(() => srv.sockets.size === 0, 'server side close');
    expect(srv.received[0]).toMatch(/Action: Logoff\r\n/i);
    await new Promise((r) => setTimeout(r, 30));
    expect(srv.connections).toBe(1);
    await expect(c.action({ action: 'Ping' })).rejects.toMatchObject({ code: 'not-connected' });
  });
});

describe('asterisk-manager defects that our layer has to work around (shown on the bare library)', () => {
  it('writes CR/LF inside values unescaped (header injection)', async () => {
    const srv = await server();
    const m = Manager(srv.port, '127.0.0.1', 'acm', 'secret', true);
    cleanups.push(async () => m.disconnect());
    await until(() => srv.received[0]?.includes('Action: login') ?? false, 'login');
    await new Promise((r) => setTimeout(r, 20));
    m.action({ action: 'Ping', x: 'a\r\nAction: Logoff' });
    await until(() => srv.received[0]?.includes('\r\nAction: Logoff\r\n') ?? false, 'the injected action');
  });

  it('replaces an ActionID not spelled `actionid` with a timestamp, and sorts and re-cases headers', async () => {
    const srv = await server((msg, s) => s.write(`Response: Success\r\nActionID: ${msg.actionId}\r\n\r\n`));
    const m = Manager(srv.port, '127.0.0.1', 'acm', 'secret', true);
    cleanups.push(async () => m.disconnect());
    await until(() => srv.received[0]?.includes('Action: login') ?? false, 'login');
    await new Promise((r) => setTimeout(r, 20));
    m.action({ Action: 'QueueStatus', ActionID: 'mine', Queue: 'sales', MemberName: 'Carol' });
    await until(() => srv.received[0]?.includes('QueueStatus') ?? false, 'the action');
    const sent = srv.received[0]!.slice(srv.received[0]!.indexOf('Action: QueueStatus') - 40);
    expect(sent).not.toContain('ActionID: mine');
    expect(sent).toMatch(/ActionID: \d{13}\r\nMembername: Carol\r\nQueue: sales/);
    // And its login sends `Event: on` where Asterisk reads `Events:`.
    expect(srv.received[0]).toMatch(/\r\nEvent: on\r\n/);
  });

  it('swallows every later message after a `Response: Follows` without --END COMMAND--; our parser does not', async () => {
    const srv = await server((msg, s) => {
      if (msg.get('Action') === 'Command') s.write(`Response: Follows\r\nActionID: ${msg.actionId}\r\nsome output\r\n\r\n`);
      else s.write(`Response: Success\r\nActionID: ${msg.actionId}\r\nAfter: yes\r\n\r\n`);
    });
    for (const transport of TRANSPORTS) {
      const c = client(srv.port, transport);
      await c.connect();
      await c.command('anything', { timeoutMs: 200 }).catch(() => undefined);
      const after = await c.action({ action: 'Next' }, { timeoutMs: 200 }).then(
        (r) => r.get('After'),
        (e: AmiError) => e.code,
      );
      expect([transport, after]).toEqual([transport, transport === 'net' ? 'yes' : 'timeout']);
    }
  });

  it('logs to the console when an action is sent without a connection', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const m = Manager();
    m.action({ action: 'login' });
    expect(log).toHaveBeenCalled();
  });
});
