/** Why an AMI operation failed; stable strings that callers and tests match on. */
export type AmiErrorCode =
  | 'timeout'
  | 'disconnected'
  | 'closed'
  | 'not-connected'
  | 'connect-failed'
  | 'auth-failed'
  | 'invalid-header'
  | 'action-failed'
  | 'protocol';

/** An AMI failure with a stable {@link AmiErrorCode}; messages never contain secrets. */
export class AmiError extends Error {
  /** Stable failure code. */
  readonly code: AmiErrorCode;
  /** Extra machine-readable facts (action name, server id, ...). */
  readonly data: Readonly<Record<string, unknown>>;

  /** Creates an error with a code, a message and optional data. */
  constructor(code: AmiErrorCode, message: string, data: Readonly<Record<string, unknown>> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AmiError';
    this.code = code;
    this.data = data;
  }
}
