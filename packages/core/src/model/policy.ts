import { arr, num, obj, oneOf, opt, record, str, type Schema } from '../schema/schema.js';
import type { Severity } from '../diagnostics/diagnostic.js';

/** What counts as a weak SIP secret or voicemail PIN, and which findings a site silences. */
export interface ValidationPolicy {
  /** Shortest acceptable SIP/IAX/AMI secret. Default 12. */
  readonly secretMinLength?: number;
  /** Shortest acceptable voicemail or conference PIN. Default 4. */
  readonly pinMinLength?: number;
  /** Diagnostic codes not to report. */
  readonly suppress?: readonly string[];
  /** Severity overrides per code. */
  readonly severity?: Readonly<Record<string, Severity>>;
  /** Trunk utilisation (percent of channels) that raises the capacity warning. Default 80. */
  readonly trunkAlarmPercent?: number;
}

/** The policy used when the enterprise sets none. */
export const DEFAULT_POLICY: Required<Omit<ValidationPolicy, 'suppress' | 'severity'>> = {
  secretMinLength: 12,
  pinMinLength: 4,
  trunkAlarmPercent: 80,
};

/** Schema of {@link ValidationPolicy}. */
export const POLICY_SCHEMA: Schema<ValidationPolicy> = obj<ValidationPolicy>('a validation policy')({
  secretMinLength: opt(num({ min: 1, max: 128 })),
  pinMinLength: opt(num({ min: 1, max: 32 })),
  suppress: opt(arr(str({ minLength: 1 }))),
  severity: opt(record(oneOf(['error', 'warning', 'info']))),
  trunkAlarmPercent: opt(num({ min: 1, max: 100 })),
});
