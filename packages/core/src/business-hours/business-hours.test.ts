import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEnterprise } from '../load/load-enterprise.js';
import type { BusinessHoursRule } from '../model/business-hours.js';
import type { Enterprise } from '../model/enterprise.js';
import { businessHoursAt, gotoIfTimeSpecs, localTimeIn, ruleSchedule, scheduleHolds } from './index.js';

let demo: Enterprise;
beforeAll(async () => {
  demo = (await loadEnterprise(join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..', 'examples', 'enterprise'))).enterprise as Enterprise;
});

const rule = (over: Partial<BusinessHoursRule>): BusinessHoursRule => ({ id: 'r', cluster: 'c', group: 'g', function: 'OPEN', active: true, startTime: '13:00:00', endTime: '22:00:00', startDay: 'mon', endDay: 'fri', ...over });
const at = (weekday: number, hh: number, mm: number, month = 3, day = 2) => ({ month, day, weekday, minute: hh * 60 + mm });

describe('ruleSchedule', () => {
  it('the end time is exclusive: 13:00:00-22:00:00 holds 13:00 through 21:59, a minute on each side does not', () => {
    const s = ruleSchedule(rule({}))!;
    expect([s.fromMinute, s.toMinute]).toEqual([13 * 60, 21 * 60 + 59]);
    expect([scheduleHolds(s, at(0, 12, 59)), scheduleHolds(s, at(0, 13, 0)), scheduleHolds(s, at(0, 21, 59)), scheduleHolds(s, at(0, 22, 0))]).toEqual([false, true, true, false]);
    // Weekdays: Friday in, Saturday and Sunday out, Monday in.
    expect([4, 5, 6, 0].map((d) => scheduleHolds(s, at(d, 13, 0)))).toEqual([true, false, false, true]);
  });

  it('23:59:59 holds to the end of the day; a window past midnight wraps; a zero-length one never holds', () => {
    expect(ruleSchedule(rule({ startTime: '00:00:00', endTime: '23:59:59' }))).toMatchObject({ fromMinute: 0, toMinute: 1439 });
    const night = ruleSchedule(rule({ startTime: '22:00:00', endTime: '06:00:00', startDay: '*', endDay: undefined }))!;
    expect([night.fromMinute, night.toMinute]).toEqual([22 * 60, 5 * 60 + 59]);
    expect([21 * 60 + 59, 22 * 60, 5 * 60 + 59, 6 * 60].map((m) => scheduleHolds(night, { ...at(0, 0, 0), minute: m }))).toEqual([false, true, true, false]);
    expect(ruleSchedule(rule({ endTime: '13:00:00' }))).toBeUndefined();
  });

  it('dates hold both ends included and wrap over the year end', () => {
    const s = ruleSchedule(rule({ startTime: '00:00:00', endTime: '23:59:59', startDay: '*', endDay: undefined, startDate: '12/30', endDate: '01/02' }))!;
    expect([[12, 29], [12, 30], [1, 2], [1, 3]].map(([month, day]) => scheduleHolds(s, { month: month!, day: day!, weekday: 0, minute: 600 }))).toEqual([false, true, true, false]);
  });

  it('gotoIfTimeSpecs renders the last minute held, as Asterisk includes it', () => {
    expect(gotoIfTimeSpecs(rule({}), 'America/New_York')).toEqual(['13:00-21:59,mon-fri,*,*,America/New_York']);
    expect(gotoIfTimeSpecs(rule({ startTime: '00:00:00', endTime: '23:59:59', startDay: '*', endDay: undefined, startDate: '12/30', endDate: '01/02' }), 'UTC')).toEqual(['00:00-23:59,*,30-31,dec,UTC', '00:00-23:59,*,1-2,jan,UTC']);
    expect(gotoIfTimeSpecs(rule({ endTime: '13:00:00' }), 'UTC')).toEqual([]);
  });
});

describe('businessHoursAt on the demo (USSales on tpa1, Tampa time)', () => {
  const ask = (iso: string) => { const a = businessHoursAt(demo, 'USSales', new Date(iso)); return [a.open, a.reason, a.rule?.id]; };

  it('reads the local time in the site time zone', () => {
    expect(localTimeIn('America/New_York', new Date('2026-03-02T18:00:00Z'))).toEqual({ month: 3, day: 2, weekday: 0, minute: 13 * 60 });
  });

  it('a minute on each side of the opening hours (Monday 2 March 2026, EST)', () => {
    expect(ask('2026-03-02T17:59:00Z')).toEqual([false, 'outside-hours', undefined]); // 12:59
    expect(ask('2026-03-02T18:00:00Z')).toEqual([true, 'open-rule', 'tpa1-open']); // 13:00
    expect(ask('2026-03-03T02:59:00Z')).toEqual([true, 'open-rule', 'tpa1-open']); // 21:59
    expect(ask('2026-03-03T03:00:00Z')).toEqual([false, 'outside-hours', undefined]); // 22:00
    expect(ask('2026-03-07T18:00:00Z')).toEqual([false, 'outside-hours', undefined]); // Saturday 13:00
  });

  it('holidays override the opening hours, a minute on each side of their dates', () => {
    expect(ask('2026-05-25T17:00:00Z')).toEqual([false, 'closed-by-rule', 'tpa1-memorial-day']); // Monday 25 May 13:00 EDT
    expect(ask('2026-06-01T17:00:00Z')).toEqual([true, 'open-rule', 'tpa1-open']); // Monday 1 June 13:00 EDT: after the dates
    expect(ask('2026-12-25T02:59:00Z')).toEqual([true, 'open-rule', 'tpa1-open']); // Thursday 24 Dec 21:59 EST
    expect(ask('2026-12-25T04:59:00Z')).toEqual([false, 'outside-hours', undefined]); // 24 Dec 23:59
    expect(ask('2026-12-25T05:00:00Z')).toEqual([false, 'closed-by-rule', 'tpa1-christmas']); // 25 Dec 00:00
    expect(ask('2026-12-25T18:00:00Z')).toEqual([false, 'closed-by-rule', 'tpa1-christmas']); // Friday 25 Dec 13:00
    expect(ask('2026-12-27T04:59:00Z')).toEqual([false, 'closed-by-rule', 'tpa1-christmas']); // 26 Dec 23:59
    expect(ask('2026-12-27T05:00:00Z')).toEqual([false, 'outside-hours', undefined]); // 27 Dec 00:00
  });

  it('answers for one rule by its id, and says when an id is unknown', () => {
    expect(businessHoursAt(demo, 'tpa1-closed', new Date('2026-07-05T17:00:00Z')).reason).toBe('inactive');
    expect(businessHoursAt(demo, 'tpa1-open', new Date('2026-03-02T18:00:00Z'))).toMatchObject({ open: true, reason: 'open-rule', cluster: 'tpa1', timezone: 'America/New_York' });
    expect(businessHoursAt(demo, 'nope', new Date()).reason).toBe('unknown');
  });
});
