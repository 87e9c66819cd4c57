import { businessHoursKind, type BusinessHoursRule } from '../model/business-hours.js';
import type { Enterprise } from '../model/enterprise.js';
import { localTimeIn, ruleSchedule, scheduleHolds, type LocalTime } from './rule-schedule.js';

/** Why {@link businessHoursAt} answered as it did. */
export type BusinessHoursReason =
  /** An open rule holds (and no closing or holiday rule does). */
  | 'open-rule'
  /** A closing or holiday rule holds: it overrides the opening hours. */
  | 'closed-by-rule'
  /** The group has open rules, none holds. */
  | 'outside-hours'
  /** The group has only closing or holiday rules on the cluster, none of which holds. */
  | 'no-open-rule'
  /** The group has no active rule on the cluster: no business-hours routing, always open. */
  | 'no-rules'
  /** The rule asked for is not active. */
  | 'inactive'
  /** No group or rule has that id, or the cluster or its site is unknown. */
  | 'unknown';

/** The answer of {@link businessHoursAt}. */
export interface BusinessHoursAnswer {
  readonly open: boolean;
  /** The rule that decided (the one that holds), if any. */
  readonly rule?: BusinessHoursRule;
  /** Its index in `enterprise.businessHours`. */
  readonly ruleIndex?: number;
  readonly reason: BusinessHoursReason;
  /** The cluster whose rules were read and the site time zone they were read in. */
  readonly cluster?: string;
  readonly timezone?: string;
  /** The wall-clock time in that zone. */
  readonly local?: LocalTime;
}

/** Options of {@link businessHoursAt}. */
export interface BusinessHoursAtOptions {
  /** Cluster whose rules count (a group may have rules on several); default the cluster of the group's first rule by id. */
  readonly cluster?: string;
}

const byId = (a: [BusinessHoursRule, number], b: [BusinessHoursRule, number]): number => (a[0].id < b[0].id ? -1 : a[0].id > b[0].id ? 1 : 0);

/**
 * Is group G open at time T, and by which rule? Reads the group's active rules on one cluster in
 * the cluster's site time zone, in the order the rendered dialplan tries them (rules by id;
 * closing and holiday rules first, then open rules). Given a rule id instead, answers for that rule
 * alone (open when it is an open rule that holds). Pure; unknown ids answer `reason: 'unknown'`.
 *
 * @example
 * ```ts
 * businessHoursAt(enterprise, 'USSales', new Date('2026-03-02T17:59:00Z')); // { open: false, reason: 'outside-hours', ... } (12:59 in Tampa)
 * businessHoursAt(enterprise, 'USSales', new Date('2026-03-02T18:00:00Z')).rule?.id; // 'tpa1-open'
 * ```
 */
export function businessHoursAt(enterprise: Enterprise, groupOrRuleId: string, at: Date, options: BusinessHoursAtOptions = {}): BusinessHoursAnswer {
  const all = enterprise.businessHours.map((r, i) => [r, i] as [BusinessHoursRule, number]);
  const single = all.find(([r]) => r.id === groupOrRuleId && (options.cluster === undefined || r.cluster === options.cluster));
  const ofGroup = all.filter(([r]) => r.group === groupOrRuleId).sort(byId);
  const isGroup = ofGroup.length > 0 || enterprise.groups.some((g) => g.id === groupOrRuleId);
  if (single === undefined && !isGroup) return { open: false, reason: 'unknown' };
  const cluster = options.cluster ?? (single !== undefined && !isGroup ? single[0].cluster : ofGroup[0]?.[0].cluster);
  const timezone = enterprise.sites.find((s) => s.id === enterprise.clusters.find((c) => c.id === cluster)?.site)?.timezone;
  if (cluster === undefined) return { open: true, reason: 'no-rules' };
  if (timezone === undefined) return { open: false, reason: 'unknown', cluster };
  const local = localTimeIn(timezone, at);
  const where = { cluster, timezone, local };
  const holds = (r: BusinessHoursRule): boolean => {
    const s = ruleSchedule(r);
    return s !== undefined && scheduleHolds(s, local);
  };
  if (!isGroup && single !== undefined) {
    const [r, i] = single;
    if (!r.active) return { open: false, reason: 'inactive', ...where };
    if (!holds(r)) return { open: false, reason: 'outside-hours', ...where };
    const open = businessHoursKind(r) === 'open';
    return { open, rule: r, ruleIndex: i, reason: open ? 'open-rule' : 'closed-by-rule', ...where };
  }
  const rules = ofGroup.filter(([r]) => r.active && r.cluster === cluster);
  if (rules.length === 0) return { open: true, reason: 'no-rules', ...where };
  const overrides = rules.filter(([r]) => businessHoursKind(r) !== 'open');
  const opens = rules.filter(([r]) => businessHoursKind(r) === 'open');
  for (const [r, i] of overrides) if (holds(r)) return { open: false, rule: r, ruleIndex: i, reason: 'closed-by-rule', ...where };
  for (const [r, i] of opens) if (holds(r)) return { open: true, rule: r, ruleIndex: i, reason: 'open-rule', ...where };
  return { open: false, reason: opens.length > 0 ? 'outside-hours' : 'no-open-rule', ...where };
}
