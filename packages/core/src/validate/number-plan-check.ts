import { classify, type ClassifyResult } from '../dialplan/opensips/classify-number.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Enterprise } from '../model/enterprise.js';
import { NUMBER_PLAN } from './rules/number-plan.js';
import { validate } from './validate.js';

/**
 * The proxy number-plan findings of an enterprise alone (what `acm dialplan check` prints): the
 * same as `validate()` reports for `numberPlan`, without the other rules.
 */
export function checkNumberPlan(enterprise: Enterprise): Diagnostic[] {
  return validate(enterprise, { rules: [NUMBER_PLAN] }).filter((d) => d.code.startsWith('dialplan.dp-') || d.path[0] === 'numberPlan');
}

/**
 * How the proxy classifies a number: dp_translate of `dpid` over the enterprise's number plan.
 *
 * @example
 * ```ts
 * classifyNumber(unisi, '05771530123'); // { status: 'translated', rule: { id: 14, ... }, attrs: 'toip', output: '05771530123' }
 * classifyNumber(unisi, '112');         // { status: 'no-match' }: the proxy answers 420
 * ```
 */
export function classifyNumber(enterprise: Enterprise, number: string, dpid = 0): ClassifyResult {
  return classify(enterprise.numberPlan?.rules ?? [], dpid, number);
}
