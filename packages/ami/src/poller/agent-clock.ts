import { AGENT_STATES, type AgentState, type AgentTime } from '../status/status-types.js';

/** Local calendar day `YYYY-MM-DD` of a time in ms. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function nextMidnight(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
}

interface Entry {
  day: string;
  seconds: Record<AgentState, number>;
  pausedByReason: Record<string, number>;
  state: AgentState | undefined;
  reason: string;
  since: number | undefined;
}

const zero = (): Record<AgentState, number> => Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>;

/**
 * Time each agent spends in each state today. Intervals are closed on every transition and split
 * at local midnight; while the server is disconnected nothing accrues, so a reconnect and resync
 * never count the same interval twice.
 */
export class AgentClock {
  readonly #server: string;
  readonly #entries = new Map<string, Entry>();

  /** Creates the clock of one server. */
  constructor(server: string) {
    this.#server = server;
  }

  #accrue(e: Entry, until: number): void {
    if (e.state === undefined || e.since === undefined) return;
    let from = e.since;
    while (from < until) {
      const day = localDay(from);
      const end = Math.min(until, nextMidnight(from));
      if (day !== e.day) {
        e.day = day;
        e.seconds = zero();
        e.pausedByReason = {};
      }
      const secs = (end - from) / 1000;
      // Kept to the millisecond: sums of thousandths drift (0.1 + 0.2), and stores keep milliseconds.
      e.seconds[e.state] = toMs(e.seconds[e.state] + secs);
      if (e.state === 'paused') e.pausedByReason[e.reason] = toMs((e.pausedByReason[e.reason] ?? 0) + secs);
      from = end;
    }
    e.since = until;
  }

  /** Records an agent's state at `nowMs`; returns true when it changed. */
  set(agent: string, state: AgentState, reason: string, nowMs: number): boolean {
    let e = this.#entries.get(agent);
    if (e === undefined) {
      e = { day: localDay(nowMs), seconds: zero(), pausedByReason: {}, state: undefined, reason: '', since: undefined };
      this.#entries.set(agent, e);
    }
    if (e.state === state && e.reason === reason && e.since !== undefined) return false;
    this.#accrue(e, nowMs);
    e.state = state;
    e.reason = reason;
    e.since = nowMs;
    return true;
  }

  /** Stops accruing for every agent (the server is disconnected). */
  suspend(nowMs: number): void {
    for (const e of this.#entries.values()) {
      this.#accrue(e, nowMs);
      e.state = undefined;
      e.since = undefined;
    }
  }

  /** The record of one agent, with completed seconds up to `nowMs`. */
  record(agent: string, nowMs: number): AgentTime | undefined {
    const e = this.#entries.get(agent);
    if (e === undefined) return undefined;
    this.#accrue(e, nowMs);
    return {
      server: this.#server, agent, day: e.day, seconds: { ...e.seconds }, pausedByReason: { ...e.pausedByReason },
      ...(e.state === undefined ? {} : { state: e.state }), ...(e.since === undefined ? {} : { since: e.since }),
    };
  }

  /** Every agent's record. */
  records(nowMs: number): AgentTime[] {
    return [...this.#entries.keys()].map((a) => this.record(a, nowMs)!);
  }
}

function toMs(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
