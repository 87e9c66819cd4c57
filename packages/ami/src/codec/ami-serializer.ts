import { AmiError } from './ami-error.js';

/** A header value: scalars are written as text, arrays as one header line per element (e.g. `Variable`). */
export type AmiValue = string | number | boolean | readonly (string | number)[];

/**
 * An action to send: its name and its other headers. `ActionID` is set by the client.
 *
 * @example
 * ```ts
 * { action: 'QueuePause', headers: { Queue: 'sales', Interface: 'PJSIP/6003', Paused: true, Reason: 'lunch' } }
 * ```
 */
export interface AmiAction {
  /** Action name, e.g. `PJSIPShowEndpoints`. */
  readonly action: string;
  /** Other headers in the order they should be written; `undefined` values are left out. */
  readonly headers?: Readonly<Record<string, AmiValue | undefined>>;
}

function checkName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_\-.]*$/.test(name)) {
    throw new AmiError('invalid-header', `invalid AMI header name ${JSON.stringify(name.slice(0, 40))}`, { header: name.slice(0, 40) });
  }
}

function checkValue(name: string, value: string): void {
  // A CR or LF inside a value would end the line and let the value inject headers or whole actions.
  if (/[\r\n\0]/.test(value)) {
    throw new AmiError('invalid-header', `the value of AMI header ${name} contains CR, LF or NUL`, { header: name });
  }
}

/** Checks that an action can be written safely; throws an {@link AmiError} `invalid-header` otherwise. */
export function validateAction(action: AmiAction): void {
  checkName(action.action);
  for (const [name, value] of Object.entries(action.headers ?? {})) {
    checkName(name);
    if (name.toLowerCase() === 'action' || name.toLowerCase() === 'actionid') {
      throw new AmiError('invalid-header', `header ${name} is set by the client`, { header: name });
    }
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) checkValue(name, String(v));
    else checkValue(name, String(value));
  }
}

/**
 * Writes an action as AMI bytes: `Action`, then `ActionID`, then the headers in the given order,
 * then the blank line. Booleans become `true`/`false`. Throws `invalid-header` for CR/LF in values.
 *
 * @example
 * ```ts
 * serializeAction({ action: 'Ping' }, 'a1'); // 'Action: Ping\r\nActionID: a1\r\n\r\n'
 * ```
 */
export function serializeAction(action: AmiAction, actionId: string): string {
  validateAction(action);
  checkValue('ActionID', actionId);
  let out = `Action: ${action.action}\r\nActionID: ${actionId}\r\n`;
  for (const [name, value] of Object.entries(action.headers ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) out += `${name}: ${String(v)}\r\n`;
    else out += `${name}: ${String(value)}\r\n`;
  }
  return `${out}\r\n`;
}

/** Writes a message (response or event) from header lines, as the simulator sends it. */
export function serializeHeaders(headers: readonly (readonly [string, string])[]): string {
  let out = '';
  for (const [name, value] of headers) out += `${name}: ${value}\r\n`;
  return `${out}\r\n`;
}
