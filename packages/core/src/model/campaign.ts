import { num, obj, oneOf, opt, str, type Schema } from '../schema/schema.js';

/** An outbound dialer campaign (the guide's 6.0). */
export interface Campaign {
  readonly id: string;
  readonly group: string;
  readonly cluster: string;
  /** announce: play the message only; queue: connect answered calls to a queue; agent: to an agent. */
  readonly mode: 'announce' | 'queue' | 'agent';
  /** Queue id, for mode `queue`. */
  readonly queue?: string;
  /** Extension number, for mode `agent`. */
  readonly agent?: string;
  readonly maxConcurrentCalls: number;
  readonly maxRetries: number;
  /** Seconds between retries. */
  readonly retrySeconds: number;
  readonly greeting?: string;
  readonly message?: string;
  /** Trunk used to dial out. */
  readonly trunk: string;
}

/** Schema of {@link Campaign}. */
export const CAMPAIGN_SCHEMA: Schema<Campaign> = obj<Campaign>('a dialer campaign')({
  id: str({ format: 'id' }),
  group: str({ format: 'id' }),
  cluster: str({ format: 'id' }),
  mode: oneOf(['announce', 'queue', 'agent']),
  queue: opt(str({ format: 'context' })),
  agent: opt(str({ format: 'exten' })),
  maxConcurrentCalls: num({ min: 1, max: 1000 }),
  maxRetries: num({ min: 0, max: 20 }),
  retrySeconds: num({ min: 0, max: 86400 }),
  greeting: opt(str({ format: 'id' })),
  message: opt(str({ format: 'id' })),
  trunk: str({ format: 'id' }),
});
