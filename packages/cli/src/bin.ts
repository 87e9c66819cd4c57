#!/usr/bin/env node
import { processContext, run } from './program.js';

// A reader that stops early (`acm changes | head`) closes the pipe: stop quietly, as Unix tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const ctx = processContext();
run(process.argv.slice(2), ctx).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`acm: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
