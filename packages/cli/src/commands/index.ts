import type { Command } from 'commander';
import type { CliContext } from '../output.js';
import { register as demo } from './demo.js';
import { register as validate } from './validate.js';
import { register as roaming } from './roaming.js';
import { register as batch } from './batch.js';
import { register as render } from './render.js';
import { register as ha } from './ha.js';
import { register as replication } from './replication.js';
import { register as health } from './health.js';

/** Every command of `acm`, registered in help order. */
export const COMMANDS: readonly ((program: Command, ctx: CliContext) => void)[] = [
  validate,
  roaming,
  batch,
  render,
  ha,
  replication,
  health,
  demo,
];
