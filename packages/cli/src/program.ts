import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { AcmError } from '@acm/sdk';
import { CommandFailure, UsageError, reportError, type CliContext } from './output.js';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Builds the `acm` program for a context (tests build their own with captured output). */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('acm')
    .description('ACM, the Asterisk Cluster Manager: validate, render, deploy and watch an enterprise of Asterisk clusters')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr })
    .exitOverride();
  for (const register of COMMANDS) register(program, ctx);
  for (const cmd of program.commands) applyDefaults(cmd, ctx);
  return program;
}

function applyDefaults(cmd: Command, ctx: CliContext): void {
  cmd.exitOverride().configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr }).helpOption('-h, --help', 'show help');
  for (const sub of cmd.commands) applyDefaults(sub, ctx);
}

/** Runs `acm` with `argv` (without node and script); returns the exit code. Never throws. */
export async function run(argv: readonly string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof UsageError) {
      ctx.stderr(`acm: ${e.message}\n`);
      return 2;
    }
    if (e instanceof CommandFailure) {
      ctx.stderr(`acm: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof AcmError) return reportError(ctx, e, argv.includes('--json'));
    const err = e as Error;
    ctx.stderr(`acm: ${err?.message ?? String(e)}\n`);
    if (ctx.env.ACM_DEBUG === '1' && err?.stack !== undefined) ctx.stderr(`${err.stack}\n`);
    return 1;
  }
}

/** A context bound to the real process streams. */
export function processContext(): CliContext {
  const color = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    color,
    interactive: process.stderr.isTTY === true,
    cwd: process.cwd(),
    env: process.env,
    exitCode: 0,
  };
}
