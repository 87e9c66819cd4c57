export { ExecError, assertArgv, succeeded, DEFAULT_EXEC_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES } from './exec.js';
export type { Exec, ExecOptions, ExecResult, ExecErrorKind } from './exec.js';
export { LocalExec } from './local-exec.js';
export type { LocalExecOptions } from './local-exec.js';
export { OutputCollector } from './output-collector.js';
