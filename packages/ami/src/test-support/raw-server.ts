import { createServer, type Server, type Socket } from 'node:net';
import { AmiParser } from '../codec/ami-parser.js';
import type { AmiMessage } from '../codec/ami-message.js';

/** A scripted AMI server for client tests: `onAction` decides what to write back for each action. */
export interface RawServer {
  port: number;
  /** Every byte the server received, per connection, in order. */
  readonly received: string[];
  /** Open sockets. */
  readonly sockets: Set<Socket>;
  /** Number of connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

/** Login handler used by most tests: accepts `secret`, refuses anything else and closes. */
export function loginReply(m: AmiMessage, secret = 'secret'): string {
  return m.get('Secret') === secret
    ? `Response: Success\r\nActionID: ${m.actionId}\r\nMessage: Authentication accepted\r\n\r\n`
    : `Response: Error\r\nActionID: ${m.actionId}\r\nMessage: Authentication failed\r\n\r\n`;
}

/** Starts a server on 127.0.0.1 with a free port. */
export async function startRawServer(onAction: (m: AmiMessage, socket: Socket, server: RawServer) => void): Promise<RawServer> {
  const sockets = new Set<Socket>();
  const received: string[] = [];
  const state: RawServer = {
    port: 0,
    received,
    sockets,
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    const idx = received.push('') - 1;
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const parser = new AmiParser({ expectBanner: false });
    socket.write('Asterisk Call Manager/11.0.0\r\n');
    socket.on('data', (chunk) => {
      received[idx] += chunk.toString('latin1');
      for (const f of parser.push(chunk)) if (f.kind === 'message') onAction(f.message, socket, state);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  state.port = typeof address === 'object' && address !== null ? address.port : 0;
  return state;
}
