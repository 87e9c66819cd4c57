import type { Command } from 'commander';
import type { CliContext } from '../output.js';
import { register as demo } from './demo.js';
import { register as validate } from './validate.js';
import { register as dialplan } from './dialplan.js';
import { register as roaming } from './roaming.js';
import { register as batch } from './batch.js';
import { register as render } from './render.js';
import { register as ha } from './ha.js';
import { register as replication } from './replication.js';
import { register as health } from './health.js';
import { register as importExport } from './import-export.js';
import { register as changes } from './changes.js';
import { register as journal } from './journal.js';
import { register as hours } from './hours.js';
import { register as deploy } from './deploy.js';
import { register as extensions } from './extensions.js';
import { register as status } from './status.js';
import { register as poll } from './poll.js';
import { register as amiSimulate } from './ami-simulate.js';

/** Every command of `acm`, registered in help order. */
export const COMMANDS: readonly ((program: Command, ctx: CliContext) => void)[] = [
  validate,
  dialplan,
  roaming,
  batch,
  render,
  ha,
  replication,
  health,
  importExport,
  extensions,
  changes,
  journal,
  hours,
  deploy,
  status,
  poll,
  amiSimulate,
  demo,
];
