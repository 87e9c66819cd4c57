import { AmiSimulator, generatedState, stateFromEnterprise } from '@acm/ami/simulator';
import type { Command } from 'commander';
import { UsageError, printJson, type CliContext, loadModel } from '../output.js';
import { parseSeconds, untilStopped } from './poll.js';

/** `acm ami simulate`: an AMI server that answers like Asterisk 22, for demos and tests. */
export function register(program: Command, ctx: CliContext): void {
  const ami = program.commands.find((c) => c.name() === 'ami') ?? program.command('ami').description('AMI tools');
  ami
    .command('simulate')
    .description('run an AMI simulator (answers like Asterisk 22.10.1) until Ctrl-C')
    .argument('[path]', 'enterprise whose cluster to simulate (default: a generated server)')
    .option('--port <port>', 'TCP port on 127.0.0.1 (0: any free port)', '5038')
    .option('--cluster <id>', 'with a path: the cluster to simulate (default: the first)')
    .option('--extensions <n>', 'without a path: number of extensions', '20')
    .option('--rate <events>', 'random traffic, events per second (0: none)', '10')
    .option('--username <name>', 'AMI user', 'acm')
    .option('--secret <secret>', 'AMI secret (default: the environment variable ACM_AMI_SECRET, else "secret")')
    .option('--for <seconds>', 'stop after this many seconds (default: until Ctrl-C)')
    .option('--json', 'print one JSON document with the address once listening')
    .action(async (path: string | undefined, opts: { port: string; cluster?: string; extensions: string; rate: string; username: string; secret?: string; for?: string; json?: boolean }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: "${opts.port}" is not a TCP port`);
      const rate = Number(opts.rate);
      if (!Number.isFinite(rate) || rate < 0) throw new UsageError(`--rate: "${opts.rate}" is not a number of events per second`);
      const extensions = Number(opts.extensions);
      if (!Number.isInteger(extensions) || extensions < 1) throw new UsageError(`--extensions: "${opts.extensions}" is not a positive integer`);
      const seconds = parseSeconds(opts.for, '--for');
      const now = Date.now();
      let state = generatedState(now, { extensions });
      if (path !== undefined) {
        const enterprise = await loadModel(path);
        const cluster = opts.cluster ?? enterprise.clusters[0]?.id;
        if (cluster === undefined || !enterprise.clusters.some((c) => c.id === cluster)) throw new UsageError(`--cluster: no cluster "${opts.cluster ?? ''}" in ${path}`);
        state = stateFromEnterprise(enterprise, cluster, now);
      }
      const secret = opts.secret ?? ctx.env['ACM_AMI_SECRET'] ?? 'secret';
      const sim = await AmiSimulator.start({ port, users: { [opts.username]: secret }, state });
      if (rate > 0) sim.startRandomTraffic(rate);
      const info = { host: '127.0.0.1', port: sim.port, username: opts.username, extensions: state.endpoints.filter((e) => e.auths !== '').length, queues: state.queues.length, rate };
      if (opts.json === true) printJson(ctx, info);
      else ctx.stdout(`AMI simulator listening on 127.0.0.1:${sim.port} (user ${opts.username}; ${info.extensions} extensions, ${info.queues} queues, ${rate} events/s)\n`);
      await untilStopped(seconds);
      await sim.stop();
    });
}
