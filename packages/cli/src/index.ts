/**
 * `@acm/cli`: the `acm` command line. Import {@link run} to drive it from a script or a test.
 * @packageDocumentation
 */
export type { CliContext } from './output.js';
export { CommandFailure, UsageError, atLeast, formatDiagnostics, parseSeverity, printJson, table } from './output.js';
export { buildProgram, processContext, run } from './program.js';
