import type { DialplanRule } from '../dialplan-rule.js';

const row = (id: number, pr: number, matchExp: string, attrs: string): DialplanRule =>
  ({ id, dpid: 0, pr, matchOp: 1, matchExp, matchFlags: 0, disabled: false, attrs });

/**
 * The university talk's classification table (dpid 0). Rule 3 is printed in the slides as
 * `^0(([0-2][4-9])[1-9] 80)[0-9].*`: the space stands where `|` belongs (a national number is either
 * 0 + area code digits or 0 + 80...), so it is modelled with `|`.
 */
export const TALK_RULES: readonly DialplanRule[] = [
  row(25, 1, '^6.{3}$', 'voip'),
  row(2, 1, '^5.{3}$', 'voip'),
  row(3, 2, '^0(([0-2][4-9])[1-9]|80)[0-9].*', 'national'),
  row(6, 1, '^2([1-2][4-9]).{2}$', 'legacy'),
  row(10, 1, '^80.*', 'legacy'),
  row(13, 1, '^88.*', 'media'),
  row(14, 1, '^05771530(.{3})$', 'toip'),
  row(15, 1, '^03[0-9]{7,10}$', 'mobile'),
  row(16, 2, '^000([1-9])[0-9].*', 'international'),
];
