import { arr, bool, num, obj, oneOf, opt, str, type Schema } from '../schema/schema.js';

/** Queue strategies of app_queue. */
export const QUEUE_STRATEGIES = ['ringall', 'leastrecent', 'fewestcalls', 'random', 'rrmemory', 'linear', 'wrandom'] as const;

/** A static member of a queue: an extension on the queue's cluster. */
export interface QueueMember {
  readonly extension: string;
  readonly penalty?: number;
}

/** An ACD queue (CSQ) of a group on a cluster. */
export interface Queue {
  /** Queue name in Asterisk, e.g. `ussales1`. */
  readonly id: string;
  /** Number callers dial to reach the queue; omitted for a queue reached only through an IVR. */
  readonly number?: string;
  readonly cluster: string;
  readonly group: string;
  readonly strategy: (typeof QUEUE_STRATEGIES)[number];
  readonly members?: readonly QueueMember[];
  /** Agents of the group may log in and out dynamically (feature code). */
  readonly dynamicMembers?: boolean;
  /** Seconds a member rings. */
  readonly timeout?: number;
  /** Seconds before the next try. */
  readonly retry?: number;
  /** Seconds of wrap-up after a call. */
  readonly wrapUpTime?: number;
  /** Most callers waiting (0 = no limit). */
  readonly maxLength?: number;
  readonly musicOnHold?: string;
  /** Callers are told their position every N seconds (0 = never). */
  readonly announceFrequency?: number;
  /** Callers may join with no member logged in. */
  readonly joinEmpty?: boolean;
}

/** Schema of {@link Queue}. */
export const QUEUE_SCHEMA: Schema<Queue> = obj<Queue>('a queue')({
  id: str({ format: 'context' }),
  number: opt(str({ format: 'exten' })),
  cluster: str({ format: 'id' }),
  group: str({ format: 'id' }),
  strategy: oneOf(QUEUE_STRATEGIES),
  members: opt(arr(obj<QueueMember>('a queue member')({ extension: str({ format: 'exten' }), penalty: opt(num({ min: 0, max: 100 })) }))),
  dynamicMembers: opt(bool()),
  timeout: opt(num({ min: 1, max: 600 })),
  retry: opt(num({ min: 0, max: 600 })),
  wrapUpTime: opt(num({ min: 0, max: 3600 })),
  maxLength: opt(num({ min: 0, max: 10000 })),
  musicOnHold: opt(str({ format: 'id' })),
  announceFrequency: opt(num({ min: 0, max: 3600 })),
  joinEmpty: opt(bool()),
});
