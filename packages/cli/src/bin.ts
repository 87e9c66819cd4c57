#!/usr/bin/env node
import { processContext, run } from './program.js';

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
