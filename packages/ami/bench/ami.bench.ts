/**
 * AMI benchmark: events per second that ACM's client + status poller sustain on one core, the
 * heap after 100k and after all events (1M by default), and, in the same run and on the same
 * bytes, the bare asterisk-manager 0.2.0 parser. Then one big Command response delivered in 1 KB
 * reads, to show asterisk-manager's re-parse of unfinished input against our linear parser.
 * The poller runs twice: into MemoryStatusStore, and into SqlStatusStore on a SQLite file (the
 * store's status tables, one transaction of upserts per 100 ms batch).
 *
 * Run: npx tsx packages/ami/bench/ami.bench.ts [events]   (re-runs itself with --expose-gc)
 */
import { fork, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '@acm/core';
import Manager from 'asterisk-manager';
import { AmiClient, MemoryStatusStore, SqlStatusStore, StatusPoller, type StatusStore } from '../src/index.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined && process.env['ACM_BENCH_CHILD'] === undefined) {
  const r = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, ACM_BENCH_CHILD: '1' } });
  process.exit(r.status ?? 1);
}

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const MB = (n: number): string => (n / 1024 / 1024).toFixed(1);
const heap = (): number => {
  gc?.();
  return process.memoryUsage().heapUsed;
};

async function startServer(): Promise<{ port: number; stop: () => void }> {
  const child = fork(fileURLToPath(new URL('./bench-server.mjs', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return { port, stop: () => child.kill() };
}

interface Row {
  readonly what: string;
  readonly events: number;
  readonly seconds: number;
  readonly cpuPercent: number;
  readonly heap100k?: number;
  readonly heapEnd?: number;
}

async function benchOurs(port: number, count: number, what: string, store: StatusStore): Promise<Row & { batches: number }> {
  const client = new AmiClient({ host: '127.0.0.1', port, username: 'acm', secret: 'secret', keepalive: { intervalMs: 0 }, actionTimeoutMs: 600_000 });
  let batches = 0;
  const poller = new StatusPoller(client, store, { flushIntervalMs: 100 });
  const resynced = new Promise<void>((r) => poller.on('resynced', () => r()));
  poller.on('batch', () => batches++);
  poller.on('store-failed', ({ error }) => {
    throw error instanceof Error ? error : new Error(String(error));
  });
  await client.connect();
  await resynced;
  let seen = 0;
  let heap100k: number | undefined;
  const done = new Promise<void>((resolve) =>
    client.on('event', (e) => {
      seen++;
      if (seen === 100_000) heap100k = heap();
      if (e.event === 'BenchDone') resolve();
    }),
  );
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await client.action({ action: 'Stream', headers: { Count: count } });
  await done;
  await poller.flush();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const heapEnd = heap();
  await poller.stop();
  await client.close();
  return { what, batches, events: seen - 1, seconds, cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100, ...(heap100k === undefined ? {} : { heap100k }), heapEnd };
}

async function benchLibrary(port: number, count: number): Promise<Row> {
  const m = Manager(port, '127.0.0.1', 'acm', 'secret', true);
  await new Promise<void>((r) => m.once('response', () => r())); // its login response
  let seen = 0;
  let heap100k: number | undefined;
  const done = new Promise<void>((resolve) =>
    m.on('managerevent', (e: { event?: string }) => {
      seen++;
      if (seen === 100_000) heap100k = heap();
      if (e.event === 'BenchDone') resolve();
    }),
  );
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  m.action({ action: 'Stream', count, actionid: 'bench-stream' });
  await done;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const heapEnd = heap();
  m.disconnect();
  return { what: 'asterisk-manager parser only', events: seen - 1, seconds, cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100, ...(heap100k === undefined ? {} : { heap100k }), heapEnd };
}

async function bigCommand(port: number, lines: number): Promise<{ ours: number; library: number }> {
  const client = new AmiClient({ host: '127.0.0.1', port, username: 'acm', secret: 'secret', keepalive: { intervalMs: 0 }, actionTimeoutMs: 600_000 });
  await client.connect();
  let t0 = performance.now();
  const r = await client.action({ action: 'BigCommand', headers: { Lines: lines, Chunk: 1024 } });
  const ours = performance.now() - t0;
  if (r.getAll('Output').length !== lines) throw new Error('ours: wrong line count');
  await client.close();

  const m = Manager(port, '127.0.0.1', 'acm', 'secret', true);
  await new Promise<void>((res) => m.once('response', () => res()));
  t0 = performance.now();
  const out = await new Promise<unknown>((res) => m.action({ action: 'BigCommand', lines, chunk: 1024, actionid: `big-${lines}` }, (_e, resp) => res(resp['output'])));
  const library = performance.now() - t0;
  if (!Array.isArray(out) || out.length !== lines) throw new Error('library: wrong line count');
  m.disconnect();
  return { ours, library };
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const server = await startServer();
try {
  const ours = await benchOurs(server.port, EVENTS, 'ACM client + poller', new MemoryStatusStore());
  const dir = mkdtempSync(join(tmpdir(), 'acm-bench-'));
  let sql: Row & { batches: number };
  const db = await Store.open(`sqlite:${join(dir, 'acm.db')}`);
  try {
    sql = await benchOurs(server.port, EVENTS, 'same, into SQL store (SQLite)', new SqlStatusStore(db));
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const lib = await benchLibrary(server.port, EVENTS);
  console.log(`\nAMI event stream: ${EVENTS.toLocaleString('en')} events (Newchannel/Newstate/DeviceStateChange/Hangup/VarSet mix, ~330 B each), server in a child process\n`);
  console.log(
    table(
      ['consumer', 'events', 'seconds', 'events/s', 'cpu %', 'heap @100k MB', 'heap @end MB'],
      [ours, sql, lib].map((r) => [
        r.what, r.events.toLocaleString('en'), r.seconds.toFixed(2), Math.round(r.events / r.seconds).toLocaleString('en'), r.cpuPercent.toFixed(0),
        r.heap100k === undefined ? '-' : MB(r.heap100k), r.heapEnd === undefined ? '-' : MB(r.heapEnd),
      ]),
    ),
  );
  console.log(`\n(status batches written: ${ours.batches} to memory, ${sql.batches} to SQLite)`);
  const rows: string[][] = [];
  for (const lines of [1000, 4000, 16000, 32000]) {
    const r = await bigCommand(server.port, lines);
    rows.push([String(lines), `${Math.round((lines * 80) / 1024)} KB`, r.ours.toFixed(0), r.library.toFixed(0), (r.library / r.ours).toFixed(1)]);
  }
  console.log('\nOne Command response delivered in 1 KB reads (asterisk-manager re-parses unfinished input on every read)\n');
  console.log(table(['Output lines', 'size', 'ACM ms', 'asterisk-manager ms', 'ratio'], rows));
} finally {
  server.stop();
}
