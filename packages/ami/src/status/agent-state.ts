import type { AgentState } from './status-types.js';

/** Device states in which a member's phone cannot take a call. */
const OFFLINE = new Set(['UNAVAILABLE', 'INVALID', 'UNKNOWN']);

/**
 * Derives an agent's state from its device state and queue membership.
 * Precedence: logged out (in no queue), unavailable (a member whose phone cannot be reached:
 * Asterisk still counts a static member, QueueMember Status 5), ringing, on a call, paused, available.
 * A paused agent who is still talking shows as on a call until the call ends.
 *
 * @example
 * ```ts
 * agentState({ deviceState: 'NOT_INUSE', memberOf: 1, paused: true }); // 'paused'
 * ```
 */
export function agentState(input: { readonly deviceState: string; readonly memberOf: number; readonly paused: boolean; readonly activeChannels?: number }): AgentState {
  if (input.memberOf === 0) return 'logged-out';
  if (OFFLINE.has(input.deviceState)) return 'unavailable';
  if (input.deviceState === 'RINGING' || input.deviceState === 'RINGINUSE') return 'ringing';
  if (input.deviceState === 'INUSE' || input.deviceState === 'BUSY' || input.deviceState === 'ONHOLD' || (input.activeChannels ?? 0) > 0) return 'on-call';
  if (input.paused) return 'paused';
  return 'available';
}

/** Maps the text of PJSIPShowEndpoints' `DeviceState` (`Not in use`) to the device state constant (`NOT_INUSE`). */
export function deviceStateFromText(text: string): string {
  const map: Record<string, string> = {
    'not in use': 'NOT_INUSE', 'in use': 'INUSE', busy: 'BUSY', invalid: 'INVALID', unavailable: 'UNAVAILABLE', ringing: 'RINGING',
    'ring+inuse': 'RINGINUSE', 'on hold': 'ONHOLD', unknown: 'UNKNOWN',
  };
  return map[text.toLowerCase()] ?? text.toUpperCase().replace(/\s+/g, '_');
}
