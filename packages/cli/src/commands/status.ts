import { checkEnterprise, type Enterprise } from '@acm/core';
import { CODEC_ASSUMPTIONS, MemoryStatusStore, enterpriseStatus, pollEnterpriseOnce, simulateEnterprise, type EnterpriseStatusView, type ServerPollOutcome } from '@acm/ami';
import type { Command } from 'commander';
import { CommandFailure, UsageError, printJson, table, type CliContext } from '../output.js';
import { DEMO_ENTERPRISE } from './demo.js';

/** Options shared by `acm status` and `acm poll`. */
export interface StatusCliOptions {
  readonly cluster?: string;
  readonly group?: string;
  readonly json?: boolean;
  readonly simulate?: boolean;
  readonly codec: string;
  readonly nearLimit: string;
  readonly timeout: string;
}

/** Loads the enterprise for a status command; unreadable or invalid input is a usage error. */
export async function loadForStatus(path: string): Promise<Enterprise> {
  const result = await checkEnterprise(path);
  if (result.enterprise === undefined || result.unreadable) {
    const first = result.diagnostics[0];
    throw new UsageError(`${path}: cannot read the enterprise${first === undefined ? '' : `: ${first.message}`}`);
  }
  return result.enterprise;
}

/** Parses `--codec` and `--near-limit`. */
export function parseLoadOptions(opts: { codec: string; nearLimit: string }): { codec: string; nearLimit: number } {
  if (CODEC_ASSUMPTIONS[opts.codec] === undefined) throw new UsageError(`--codec: "${opts.codec}" is unknown; expected ${Object.keys(CODEC_ASSUMPTIONS).join(', ')}`);
  const nearLimit = Number(opts.nearLimit);
  if (!Number.isFinite(nearLimit) || nearLimit <= 0 || nearLimit > 1) throw new UsageError(`--near-limit: "${opts.nearLimit}" must be a share between 0 and 1, e.g. 0.8`);
  return { codec: opts.codec, nearLimit };
}

function formatView(view: EnterpriseStatusView, opts: StatusCliOptions, outcomes: readonly ServerPollOutcome[]): string {
  const out: string[] = [];
  out.push(`Current Extension Status for cluster=${opts.cluster ?? 'ALL'}, group=${opts.group ?? 'ALL'}\n\n`);
  out.push(
    table(
      ['group', 'cluster', 'extension', 'user name', 'agent status', 'vm', 'calls'],
      view.extensions.map((e) => [e.group, e.cluster, e.extension, e.name, e.statusText, e.voicemailNew ?? '', e.callsTaken]),
    ),
  );
  if (view.trunks.length > 0) {
    out.push('\nTrunks\n\n');
    out.push(
      table(
        ['trunk', 'cluster', 'group', 'registration', 'reachable', 'calls', 'capacity', 'utilisation', 'bandwidth', 'alarm'],
        view.trunks.map((t) => [
          t.trunk, t.cluster, t.group ?? '', t.registration ?? '-', t.reachable === undefined ? '-' : t.reachable ? 'yes' : 'NO', t.load.activeCalls, t.load.capacity,
          t.load.percent === undefined ? '-' : `${t.load.percent} %`, `${t.load.bandwidthKbps} kbps`, t.load.alarm,
        ]),
      ),
    );
  }
  const loads = [...view.clusters.map((c) => ['cluster', c] as const), ...view.trunkGroups.map((g) => ['trunk group', g] as const)];
  if (loads.length > 0) {
    out.push('\nLoad\n\n');
    out.push(
      table(
        ['kind', 'id', 'calls', 'capacity', 'utilisation', 'bandwidth', 'alarm'],
        loads.map(([kind, r]) => [kind, r.id, r.load.activeCalls, r.load.capacity, r.load.percent === undefined ? '-' : `${r.load.percent} %`, `${r.load.bandwidthKbps} kbps`, r.load.alarm]),
      ),
    );
    out.push(`\nbandwidth assumption: ${loads[0]![1].load.codec.basis}\n`);
  }
  out.push(`\nservers: ${outcomes.map((o) => (o.ok ? `${o.server} ok` : `${o.server} ${o.error?.code ?? 'failed'}`)).join(', ') || 'none'}\n`);
  return out.join('');
}

/** `acm status`: polls every server once and prints the extension, trunk and load tables. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description("live status: the guide's Current Extension Status table, trunks and load (polls each server's AMI once)")
    .argument('[path]', 'enterprise file or directory', DEMO_ENTERPRISE)
    .option('--cluster <id>', 'only this cluster')
    .option('--group <id>', 'only extensions and trunks of this group')
    .option('--json', 'print one JSON document')
    .option('--simulate', 'poll AMI simulators started for each server instead of the real servers')
    .option('--codec <id>', `bandwidth assumption: ${Object.keys(CODEC_ASSUMPTIONS).join(', ')}`, 'g711')
    .option('--near-limit <share>', 'alarm when calls reach this share of a trunk or cluster capacity', '0.8')
    .option('--timeout <ms>', 'give up on a server after this many ms', '10000')
    .action(async (path: string, opts: StatusCliOptions) => {
      const load = parseLoadOptions(opts);
      const timeoutMs = Number(opts.timeout);
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout: "${opts.timeout}" is not a positive number of ms`);
      const model = await loadForStatus(path);
      if (opts.cluster !== undefined && !model.clusters.some((c) => c.id === opts.cluster)) throw new UsageError(`--cluster: no cluster "${opts.cluster}" in ${path}`);
      const sim = opts.simulate === true ? await simulateEnterprise(model, { warmupSteps: 60, ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }) }) : undefined;
      try {
        const enterprise = sim?.enterprise ?? model;
        const store = new MemoryStatusStore();
        const outcomes = await pollEnterpriseOnce(enterprise, store, { timeoutMs, ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }) });
        const view = enterpriseStatus(enterprise, await store.snapshot(), { ...load, ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }), ...(opts.group === undefined ? {} : { group: opts.group }) });
        const failed = outcomes.filter((o) => !o.ok && o.error?.code !== 'skipped');
        ctx.exitCode = failed.length > 0 ? 1 : 0;
        if (opts.json === true) printJson(ctx, { cluster: opts.cluster ?? null, group: opts.group ?? null, servers: outcomes, ...view });
        else ctx.stdout(formatView(view, opts, outcomes));
        if (outcomes.length > 0 && outcomes.every((o) => !o.ok)) throw new CommandFailure(`no server could be polled (${outcomes.map((o) => `${o.server}: ${o.error?.code}`).join(', ')})`);
      } finally {
        await sim?.stop();
      }
    });
}
