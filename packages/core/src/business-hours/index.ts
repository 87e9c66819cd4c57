// Business-hours evaluation: one schedule per rule, read by the evaluator and by the rendered GotoIfTime specs.
export type { LocalTime, MonthDay, RuleSchedule } from './rule-schedule.js';
export { WEEKDAYS, gotoIfTimeSpecs, localTimeIn, ruleSchedule, scheduleHolds, weekdayMask } from './rule-schedule.js';
export type { BusinessHoursAnswer, BusinessHoursAtOptions, BusinessHoursReason } from './business-hours-at.js';
export { businessHoursAt } from './business-hours-at.js';
