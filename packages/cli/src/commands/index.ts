import type { Command } from 'commander';
import type { CliContext } from '../output.js';
import { register as demo } from './demo.js';
import { register as validate } from './validate.js';

/** Every command of `acm`, registered in help order. */
export const COMMANDS: readonly ((program: Command, ctx: CliContext) => void)[] = [
  validate,
  demo,
];
