import { CODEC_ASSUMPTIONS, type StatusReport } from '@acm/sdk';
import type { Command } from 'commander';
import { CommandFailure, parseMs, parseNumber, printJson, table, withWorkspace, type CliContext } from '../output.js';

function formatReport(r: StatusReport): string {
  const out: string[] = [];
  const { view } = r;
  out.push(`Current Extension Status for cluster=${r.cluster ?? 'ALL'}, group=${r.group ?? 'ALL'}\n\n`);
  out.push(table(['group', 'cluster', 'extension', 'user name', 'agent status', 'vm', 'calls'], view.extensions.map((e) => [e.group, e.cluster, e.extension, e.name, e.statusText, e.voicemailNew ?? '', e.callsTaken])));
  if (view.trunks.length > 0) {
    out.push('\nTrunks\n\n');
    out.push(table(
      ['trunk', 'cluster', 'group', 'registration', 'reachable', 'calls', 'capacity', 'utilisation', 'bandwidth', 'alarm'],
      view.trunks.map((t) => [
        t.trunk, t.cluster, t.group ?? '', t.registration ?? '-', t.reachable === undefined ? '-' : t.reachable ? 'yes' : 'NO', t.load.activeCalls, t.load.capacity,
        t.load.percent === undefined ? '-' : `${t.load.percent} %`, `${t.load.bandwidthKbps} kbps`, t.load.alarm,
      ]),
    ));
  }
  const loads = [...view.clusters.map((c) => ['cluster', c] as const), ...view.trunkGroups.map((g) => ['trunk group', g] as const)];
  if (loads.length > 0) {
    out.push('\nLoad\n\n');
    out.push(table(['kind', 'id', 'calls', 'capacity', 'utilisation', 'bandwidth', 'alarm'], loads.map(([kind, x]) => [kind, x.id, x.load.activeCalls, x.load.capacity, x.load.percent === undefined ? '-' : `${x.load.percent} %`, `${x.load.bandwidthKbps} kbps`, x.load.alarm])));
    out.push(`\nbandwidth assumption: ${loads[0]![1].load.codec.basis}\n`);
  }
  if (r.channels.length > 0) {
    out.push('\nChannels\n\n');
    out.push(table(['server', 'channel', 'endpoint', 'state', 'caller', 'call'], r.channels.map((c) => [c.server, c.channel, c.endpoint ?? '', c.state, `${c.callerIdName} <${c.callerIdNum}>`, c.linkedid])));
  }
  const servers = r.servers.map((s) => ('ok' in s ? (s.ok ? `${s.server} ok` : `${s.server} ${s.error?.code ?? 'failed'}`) : `${s.server} ${s.updatedAt === null ? 'no status' : `updated ${new Date(s.updatedAt).toISOString()}`}`));
  out.push(`\n${r.source === 'store' ? 'store' : 'servers'}: ${servers.join(', ') || 'none'}\n`);
  return out.join('');
}

/** `acm status`: polls every server once (or reads the store's status tables) and prints the extension, trunk, load and channel tables. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description("live status: the guide's Current Extension Status table, trunks, load and channels (polls each server's AMI once, or reads the store with --from-db)")
    .argument('[path]', 'enterprise file or directory (default: the store\'s enterprise)')
    .option('--cluster <id>', 'only this cluster')
    .option('--group <id>', 'only extensions and trunks of this group')
    .option('--json', 'print one JSON document')
    .option('--simulate', 'poll AMI simulators started for each server (on loopback) instead of the real servers')
    .option('--from-db', 'read the status the poller wrote to the store (acm poll) instead of polling')
    .option('--db <url>', 'the store (default: $ACM_DATABASE_URL, then acm.config.yaml, then ./acm.db)')
    .option('--codec <id>', `bandwidth assumption: ${Object.keys(CODEC_ASSUMPTIONS).join(', ')}`, 'g711')
    .option('--near-limit <share>', 'alarm when calls reach this share of a trunk or cluster capacity', '0.75')
    .option('--timeout <ms>', 'give up on a server after this many ms', '10000')
    .action(async (path: string | undefined, opts: { cluster?: string; group?: string; json?: boolean; simulate?: boolean; fromDb?: boolean; db?: string; codec: string; nearLimit: string; timeout: string }) => {
      const r = await withWorkspace(ctx, opts, (ws) => ws.status({
        ...(path === undefined ? {} : { path }),
        ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }),
        ...(opts.group === undefined ? {} : { group: opts.group }),
        simulate: opts.simulate === true,
        fromStore: opts.fromDb === true,
        codec: opts.codec,
        nearLimit: parseNumber('--near-limit', opts.nearLimit),
        timeoutMs: parseMs('--timeout', opts.timeout),
      }));
      const polled = r.servers.filter((s): s is Extract<typeof s, { ok: boolean }> => 'ok' in s);
      const failed = polled.filter((o) => !o.ok && o.error?.code !== 'skipped');
      ctx.exitCode = failed.length > 0 ? 1 : 0;
      if (opts.json === true) printJson(ctx, { ...r, ...r.view });
      else ctx.stdout(formatReport(r));
      if (polled.length > 0 && polled.every((o) => !o.ok)) throw new CommandFailure(`no server could be polled (${polled.map((o) => `${o.server}: ${o.error?.code}`).join(', ')})`);
    });
}
