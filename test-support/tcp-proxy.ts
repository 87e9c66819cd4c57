// A loopback TCP proxy for the network-fault tests of every package.
import { connect, createServer } from 'node:net';
import type { Server as NetServer, Socket } from 'node:net';

/** A loopback TCP proxy in front of an sshd: lets a test cut the connection mid-transfer, or refuse new ones. */
export class CuttingProxy {
  readonly sockets = new Set<Socket>();
  /** Cut every connection once this many bytes went from the client to the server. */
  cutAfterBytes: number | undefined;
  /** Refuse new connections (the server is gone). */
  refuse = false;
  cuts = 0;
  private server: NetServer | undefined;
  port = 0;

  async start(target: number): Promise<void> {
    this.server = createServer((client) => {
      if (this.refuse) {
        client.destroy();
        return;
      }
      const upstream = connect(target, '127.0.0.1');
      this.sockets.add(client);
      this.sockets.add(upstream);
      let sent = 0;
      client.on('data', (d: Buffer) => {
        sent += d.length;
        if (this.cutAfterBytes !== undefined && sent > this.cutAfterBytes) {
          this.cutAfterBytes = undefined;
          this.kill();
          return;
        }
        upstream.write(d);
      });
      upstream.on('data', (d: Buffer) => client.write(d));
      const end = (): void => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('close', end);
      upstream.on('close', end);
      client.on('error', end);
      upstream.on('error', end);
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', () => r()));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  }

  /** Destroys every open connection (both sides), as a dead link or a killed session would. */
  kill(): void {
    this.cuts++;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  async stop(): Promise<void> {
    this.kill();
    await new Promise<void>((r) => (this.server === undefined ? r() : this.server.close(() => r())));
  }
}
