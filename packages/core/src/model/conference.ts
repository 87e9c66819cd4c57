import { bool, num, obj, oneOf, opt, str, type Schema } from '../schema/schema.js';
import { SECRET_SCHEMA, type Secret } from './secret.js';

/** ConfBridge video modes (`none` for audio only). */
export const VIDEO_MODES = ['none', 'follow_talker', 'last_marked', 'first_marked', 'sfu'] as const;

/** A scheduled voice conference (the guide's Conference Manager, 5.0.4). */
export interface Conference {
  /** Conference number, e.g. `8602`. */
  readonly number: string;
  readonly cluster: string;
  /** Group (account) that owns it. */
  readonly group: string;
  readonly owner?: string;
  readonly description?: string;
  /** Start, `YYYY-MM-DD HH:MM:SS` in the site's time zone. */
  readonly start: string;
  /** End; omitted for an open-ended recurring conference (the guide's 0000-00-00). */
  readonly end?: string;
  readonly recurrence: 'none' | 'daily' | 'weekly' | 'monthly';
  /** External DID that also reaches the conference. */
  readonly externalNumber?: string;
  readonly maxUsers: number;
  readonly pin?: Secret;
  readonly record?: boolean;
  readonly videoMode?: (typeof VIDEO_MODES)[number];
}

/** Schema of {@link Conference}. */
export const CONFERENCE_SCHEMA: Schema<Conference> = obj<Conference>('a conference')({
  number: str({ format: 'exten' }),
  cluster: str({ format: 'id' }),
  group: str({ format: 'id' }),
  owner: opt(str()),
  description: opt(str()),
  start: str({ format: 'datetime' }),
  end: opt(str({ format: 'datetime' })),
  recurrence: oneOf(['none', 'daily', 'weekly', 'monthly']),
  externalNumber: opt(str({ format: 'number' })),
  maxUsers: num({ min: 2, max: 1000 }),
  pin: opt(SECRET_SCHEMA),
  record: opt(bool()),
  videoMode: opt(oneOf(VIDEO_MODES)),
});
