import type { BusinessHoursRule } from '../model/business-hours.js';
import { parseTimeOfDay } from '../schema/formats.js';

/** Weekday names in model order (bit 0 of a weekday mask is Monday). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A month and day of month, both from 1. */
export interface MonthDay { readonly month: number; readonly day: number }

/**
 * When a business-hours rule holds, at Asterisk's resolution (one minute): the one representation
 * both the evaluator ({@link businessHoursAt}) and the rendered `GotoIfTime` specs
 * ({@link gotoIfTimeSpecs}) are built from.
 *
 * The model's `endTime` is exclusive: a rule 13:00:00-22:00:00 holds from 13:00 through 21:59
 * (`toMinute` 21:59), and Asterisk, whose time ranges include their end minute, is given
 * `13:00-21:59`. A start with seconds starts at its minute; an end with seconds includes its minute
 * (23:59:59 = to the end of the day). An end before the start wraps past midnight (on each day the
 * weekdays and dates allow, as in Asterisk).
 */
export interface RuleSchedule {
  /** First minute of the day the rule holds (0..1439). */
  readonly fromMinute: number;
  /** Last minute it holds, inclusive (0..1439); smaller than `fromMinute` when the rule wraps midnight. */
  readonly toMinute: number;
  /** Weekdays it holds, bit 0 = Monday .. bit 6 = Sunday. */
  readonly weekdays: number;
  /** Dates it holds, both ends included, wrapping over the year end; undefined = every date. */
  readonly dates?: { readonly from: MonthDay; readonly to: MonthDay };
}

/** The weekdays a rule covers, as a 7-bit mask (bit 0 = Monday); ranges wrap like Asterisk's. */
export function weekdayMask(rule: Pick<BusinessHoursRule, 'startDay' | 'endDay'>): number {
  const start = rule.startDay;
  if (start === undefined || start === '*') return 0x7f;
  const a = (WEEKDAYS as readonly string[]).indexOf(start);
  const end = rule.endDay === undefined || rule.endDay === '*' ? start : rule.endDay;
  const b = (WEEKDAYS as readonly string[]).indexOf(end);
  if (a < 0 || b < 0) return 0;
  let mask = 0;
  for (let d = a; ; d = (d + 1) % 7) {
    mask |= 1 << d;
    if (d === b) break;
  }
  return mask;
}

function monthDay(text: string | undefined): MonthDay | undefined {
  const m = text === undefined ? null : /^([0-9]{2})\/([0-9]{2})$/.exec(text);
  return m === null ? undefined : { month: Number(m[1]), day: Number(m[2]) };
}

/**
 * The {@link RuleSchedule} of a rule, or undefined when it can never hold (a time that does not
 * parse, a zero-length window, no weekday).
 */
export function ruleSchedule(rule: BusinessHoursRule): RuleSchedule | undefined {
  const start = parseTimeOfDay(rule.startTime);
  const end = parseTimeOfDay(rule.endTime);
  if (start === undefined || end === undefined || start === end) return undefined;
  const fromMinute = Math.floor(start / 60);
  // Minutes held: up to the end's minute, that minute included when the end has seconds (23:59:59).
  const length = Math.min(1440, Math.ceil(end / 60) - fromMinute + (end < start ? 1440 : 0));
  if (length <= 0) return undefined;
  const weekdays = weekdayMask(rule);
  if (weekdays === 0) return undefined;
  const from = rule.startDate === undefined || rule.startDate === '*' ? undefined : monthDay(rule.startDate);
  const to = from === undefined ? undefined : (rule.endDate === undefined || rule.endDate === '*' ? from : monthDay(rule.endDate) ?? from);
  return { fromMinute, toMinute: (fromMinute + length - 1) % 1440, weekdays, ...(from === undefined || to === undefined ? {} : { dates: { from, to } }) };
}

/** A local wall-clock time: month and day from 1, weekday 0 = Monday, minute of the day. */
export interface LocalTime { readonly month: number; readonly day: number; readonly weekday: number; readonly minute: number }

const dayKey = (d: MonthDay): number => d.month * 100 + d.day;

/** True when the schedule holds at a local time. */
export function scheduleHolds(s: RuleSchedule, t: LocalTime): boolean {
  if ((s.weekdays & (1 << t.weekday)) === 0) return false;
  if (s.dates !== undefined) {
    const k = dayKey(t);
    const a = dayKey(s.dates.from);
    const b = dayKey(s.dates.to);
    if (a <= b ? k < a || k > b : k < a && k > b) return false;
  }
  return s.fromMinute <= s.toMinute ? t.minute >= s.fromMinute && t.minute <= s.toMinute : t.minute >= s.fromMinute || t.minute <= s.toMinute;
}

const WEEKDAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** The wall-clock time of an instant in a time zone (IANA name, e.g. `America/New_York`). */
export function localTimeIn(timezone: string, at: Date): LocalTime {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', month: 'numeric', day: 'numeric', weekday: 'short', hour: 'numeric', minute: 'numeric' }).formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return { month: Number(get('month')), day: Number(get('day')), weekday: WEEKDAY_INDEX[get('weekday')] ?? 0, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/**
 * `GotoIfTime` time specs (`times,weekdays,mdays,months,timezone`) that hold exactly when the
 * rule's {@link RuleSchedule} does; several when its dates cross months; none when it never holds.
 *
 * @example
 * ```ts
 * gotoIfTimeSpecs({ startTime: '13:00:00', endTime: '22:00:00', startDay: 'mon', endDay: 'fri', ... }, 'America/New_York');
 * // ['13:00-21:59,mon-fri,*,*,America/New_York']  (Asterisk's ranges include their end minute)
 * ```
 */
export function gotoIfTimeSpecs(rule: BusinessHoursRule, timezone: string): string[] {
  const s = ruleSchedule(rule);
  if (s === undefined) return [];
  const times = `${hhmm(s.fromMinute)}-${hhmm(s.toMinute)}`;
  const sd = rule.startDay ?? '*';
  const days = sd === '*' ? '*' : rule.endDay && rule.endDay !== '*' && rule.endDay !== sd ? `${sd}-${rule.endDay}` : sd;
  if (s.dates === undefined) return [`${times},${days},*,*,${timezone}`];
  const { from: { month: sm, day: sdd }, to: { month: em, day: edd } } = s.dates;
  const range = (a: number, b: number): string => (a === b ? `${a}` : `${a}-${b}`);
  if (sm === em && edd >= sdd) return [`${times},${days},${range(sdd, edd)},${MONTHS[sm - 1]},${timezone}`];
  const out = [`${times},${days},${range(sdd, DAYS_IN_MONTH[sm - 1] ?? 31)},${MONTHS[sm - 1]},${timezone}`];
  // Whole months between the first and the last (wrapping over the year end).
  for (let m = (sm % 12) + 1; m !== em; m = (m % 12) + 1) out.push(`${times},${days},*,${MONTHS[m - 1]},${timezone}`);
  out.push(`${times},${days},${range(1, edd)},${MONTHS[em - 1]},${timezone}`);
  return out;
}
