import { afterEach, describe, expect, it } from 'vitest';
import { AmiManager, type AmiManagerEvents } from './ami-manager.js';
import { loginReply, startRawServer } from '../test-support/raw-server.js';
import { until } from '../test-support/wait.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A manager of one connection to a raw server that accepts the login, and the state feed it reports. */
async function managedConnection(options: { readonly backoff?: { initialMs: number; maxMs: number }; readonly reconnect?: boolean }) {
  const srv = await startRawServer((m, socket) => {
    if (m.get('Action')?.toLowerCase() === 'login') socket.write(loginReply(m));
  });
  cleanups.push(() => srv.close());
  const manager = new AmiManager();
  cleanups.push(() => manager.closeAll());
  const feed: AmiManagerEvents['state'][] = [];
  manager.on('state', (s) => feed.push(s));
  const conn = manager.add({ id: 'ast1', host: '127.0.0.1', port: srv.port, username: 'acm', secret: 'secret', keepalive: { intervalMs: 0 }, ...options });
  await manager.connectAll();
  return { srv, feed, conn };
}

describe('AmiManager state feed', () => {
  it('reports the state after each event: connected, then reconnecting (not connected) with the disconnect error, then connected again', async () => {
    const { srv, feed, conn } = await managedConnection({ backoff: { initialMs: 20, maxMs: 50 } });
    for (const s of srv.sockets) s.destroy();
    await until(() => feed.length >= 3, 'reconnected');
    expect(feed.map((f) => [f.server, f.state, f.error?.code])).toEqual([
      ['ast1', 'connected', undefined],
      ['ast1', 'reconnecting', 'disconnected'],
      ['ast1', 'connected', undefined],
    ]);
    expect(conn.state).toBe('connected');
  });

  it('reports idle, not connected, when a connection without reconnects is lost', async () => {
    const { srv, feed } = await managedConnection({ reconnect: false });
    for (const s of srv.sockets) s.destroy();
    await until(() => feed.length >= 2, 'the loss');
    expect(feed.map((f) => [f.state, f.error?.code])).toEqual([['connected', undefined], ['idle', 'disconnected']]);
  });
});
