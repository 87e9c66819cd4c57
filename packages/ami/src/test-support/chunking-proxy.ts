import { createServer, connect, type Server, type Socket } from 'node:net';

/** A TCP proxy that re-cuts the server's bytes into pieces of 1..maxChunk bytes, one per event-loop turn. */
export async function startChunkingProxy(targetPort: number, maxChunk: number, random: () => number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('data', (d) => upstream.write(d));
    let queue = Buffer.alloc(0);
    let pumping = false;
    const pump = (): void => {
      if (queue.length === 0 || client.destroyed) {
        pumping = false;
        return;
      }
      const n = 1 + Math.floor(random() * maxChunk);
      client.write(queue.subarray(0, n));
      queue = queue.subarray(n);
      setImmediate(pump);
    };
    upstream.on('data', (d: Buffer) => {
      queue = Buffer.concat([queue, d]);
      if (!pumping) {
        pumping = true;
        setImmediate(pump);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr !== null ? addr.port : 0,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
