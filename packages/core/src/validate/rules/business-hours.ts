import { businessHoursKind, type BusinessHoursRule } from '../../model/business-hours.js';
import { weekdayMask } from '../../business-hours/rule-schedule.js';
import { parseTimeOfDay } from '../../schema/formats.js';
import type { Rule, RuleContext } from '../rule.js';

function allDates(rule: BusinessHoursRule): boolean {
  return rule.startDate === undefined || rule.startDate === '*';
}

function hours(ctx: RuleContext): void {
  const e = ctx.enterprise;
  const rules = [...ctx.each(e.businessHours)];
  for (const [rule, i] of rules) {
    const start = parseTimeOfDay(rule.startTime);
    const end = parseTimeOfDay(rule.endTime);
    if (start !== undefined && end !== undefined) {
      if (start === end) ctx.report('hours.zero-length', ['businessHours', i, 'endTime'], { rule: rule.id, startTime: rule.startTime });
      else if (end < start) ctx.report('hours.wraps-midnight', ['businessHours', i, 'endTime'], { rule: rule.id, startTime: rule.startTime, endTime: rule.endTime });
    }
    if (rule.endDay !== undefined && rule.startDay === undefined) ctx.report('hours.end-without-start', ['businessHours', i, 'endDay'], { rule: rule.id, field: 'endDay' });
    if (rule.endDate !== undefined && rule.startDate === undefined) ctx.report('hours.end-without-start', ['businessHours', i, 'endDate'], { rule: rule.id, field: 'endDate' });
  }
  // Per group and cluster: a closing rule that swallows every open window, or no open rule at all.
  const byKey = new Map<string, [BusinessHoursRule, number][]>();
  for (const entry of rules) {
    const key = `${entry[0].group}\u0000${entry[0].cluster}`;
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [entry]);
    else list.push(entry);
  }
  for (const list of byKey.values()) {
    const open = list.filter(([r]) => r.active && businessHoursKind(r) === 'open');
    const closing = list.filter(([r]) => r.active && businessHoursKind(r) !== 'open');
    const first = list[0]?.[0];
    if (first === undefined) continue;
    if (open.length === 0 && closing.length > 0) {
      ctx.report('hours.no-open-rule', ['businessHours', (closing[0] as [BusinessHoursRule, number])[1]], { group: first.group, cluster: first.cluster });
      continue;
    }
    for (const [c, ci] of closing) {
      if (!allDates(c)) continue;
      const cs = parseTimeOfDay(c.startTime);
      const ce = parseTimeOfDay(c.endTime);
      if (cs === undefined || ce === undefined || ce <= cs) continue;
      const covers = open.every(([o]) => {
        const os = parseTimeOfDay(o.startTime);
        const oe = parseTimeOfDay(o.endTime);
        if (os === undefined || oe === undefined) return false;
        const days = weekdayMask(o);
        return (weekdayMask(c) & days) === days && cs <= Math.min(os, oe) && ce >= Math.max(os, oe);
      });
      if (covers) ctx.report('hours.open-overridden', ['businessHours', ci], { rule: c.id, group: c.group, cluster: c.cluster });
    }
  }
}

/** Business hours are consistent: real time windows, starts before ends, open hours reachable. */
export const BUSINESS_HOURS: Rule = { name: 'business-hours', lifecycle: 'common', run: hours };
