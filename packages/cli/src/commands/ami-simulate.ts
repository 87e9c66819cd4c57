import { simulateAmi } from '@acm/sdk';
import type { Command } from 'commander';
import { printJson, withWorkspace, type CliContext } from '../output.js';
import { parseSeconds, untilStopped } from './poll.js';

/** `acm ami simulate`: an AMI server on loopback that answers like Asterisk 22, for demos and tests. */
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
      const seconds = parseSeconds(opts.for, '--for');
      await withWorkspace(ctx, {}, async (ws) => {
        const sim = await simulateAmi(ws, {
          ...(path === undefined ? {} : { path }),
          ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }),
          port: Number(opts.port),
          extensions: Number(opts.extensions),
          rate: Number(opts.rate),
          username: opts.username,
          secret: opts.secret ?? ctx.env['ACM_AMI_SECRET'] ?? 'secret',
        });
        const { stop: _s, ...info } = sim;
        if (opts.json === true) printJson(ctx, info);
        else ctx.stdout(`AMI simulator listening on 127.0.0.1:${sim.port} (user ${sim.username}; ${sim.extensions} extensions, ${sim.queues} queues, ${sim.rate} events/s)\n`);
        await untilStopped(seconds);
        await sim.stop();
      });
    });
}
