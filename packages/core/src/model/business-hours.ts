import { bool, obj, oneOf, opt, str, type Schema } from '../schema/schema.js';

/**
 * One business-hours rule of a group on a cluster (the guide's 3.0.2 table).
 * `open` rules give opening hours; `closed` and `holiday` rules override them while active.
 */
export interface BusinessHoursRule {
  readonly id: string;
  readonly cluster: string;
  readonly group: string;
  /** The guide's "function": OPEN, CLOSED, HOLIDAY3, CHRISTMAS... */
  readonly function: string;
  /** Effect of the rule; default from the function: OPEN = open, CLOSED = closed, others = holiday. */
  readonly kind?: 'open' | 'closed' | 'holiday';
  readonly description?: string;
  readonly active: boolean;
  /** Time of day the rule starts, HH:MM:SS. */
  readonly startTime: string;
  readonly endTime: string;
  /** First weekday (`mon`..`sun`) or `*` for any. */
  readonly startDay?: string;
  /** Last weekday; omitted = the start day only. */
  readonly endDay?: string;
  /** First date MM/DD or `*`. */
  readonly startDate?: string;
  /** Last date MM/DD; omitted = the start date only. */
  readonly endDate?: string;
  /** Sound file played while the rule holds callers (closed/holiday). */
  readonly announcement?: string;
}

/** The effective kind of a business-hours rule. */
export function businessHoursKind(rule: BusinessHoursRule): 'open' | 'closed' | 'holiday' {
  if (rule.kind !== undefined) return rule.kind;
  const f = rule.function.toUpperCase();
  return f === 'OPEN' ? 'open' : f === 'CLOSED' ? 'closed' : 'holiday';
}

/** Schema of {@link BusinessHoursRule}. */
export const BUSINESS_HOURS_SCHEMA: Schema<BusinessHoursRule> = obj<BusinessHoursRule>('a business-hours rule')({
  id: str({ format: 'id' }),
  cluster: str({ format: 'id' }),
  group: str({ format: 'id' }),
  function: str({ minLength: 1 }),
  kind: opt(oneOf(['open', 'closed', 'holiday'])),
  description: opt(str()),
  active: bool(),
  startTime: str({ format: 'time' }),
  endTime: str({ format: 'time' }),
  startDay: opt(str({ format: 'weekday' })),
  endDay: opt(str({ format: 'weekday' })),
  startDate: opt(str({ format: 'monthDay' })),
  endDate: opt(str({ format: 'monthDay' })),
  announcement: opt(str({ format: 'id' })),
});
