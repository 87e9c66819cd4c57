// The rendered GotoIfTime specs, read the way Asterisk reads them (main/pbx_timing.c: every range is
// cyclic and includes its end, the time range minute by minute), route a group's number exactly as
// core's businessHoursAt answers, a minute on each side of every boundary.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { businessHoursAt, loadEnterprise, type Enterprise } from '@acm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRenderContext, createSecretResolver } from './index.js';

const DOW = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MON = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** get_range of pbx_timing.c: `*` = all; `a-b` cyclic, both ends in; names or numbers from 1. */
function range(text: string, max: number, names?: readonly string[]): Set<number> {
  const all = new Set(Array.from({ length: max }, (_, i) => i));
  if (text === '' || text === '*') return all;
  const out = new Set<number>();
  const index = (s: string): number => (names?.includes(s) ? names.indexOf(s) : Number(s) - 1);
  for (const part of text.split('&')) {
    const [a, b] = part.split('-');
    let s = index(a!);
    const e = b === undefined ? s : index(b);
    out.add(e);
    while (s !== e) { out.add(s); s = (s + 1) % max; }
  }
  return out;
}

/** get_timerange of pbx_timing.c: minutes from start to end, the end minute included, wrapping at midnight. */
function minutes(text: string): Set<number> {
  const [a, b] = text.split('-');
  const m = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const out = new Set<number>();
  let x = m(a!);
  const end = m(b!);
  for (; x !== end; x = (x + 1) % 1440) out.add(x);
  out.add(x);
  return out;
}

/** ast_check_timing2: month, day of month, weekday, minute, in the spec's time zone. */
function specHolds(spec: string, at: Date): boolean {
  const [times, dow, mday, month, tz] = spec.split(',');
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(at).map((p) => [p.type, p.value]));
  const wday = DOW.indexOf(String(parts.weekday).toLowerCase().slice(0, 3));
  return range(month!, 12, MON).has(Number(parts.month) - 1) && range(mday!, 31).has(Number(parts.day) - 1)
    && range(dow!, 7, DOW).has(wday) && minutes(times!).has(Number(parts.hour) * 60 + Number(parts.minute));
}

let demo: Enterprise;
let router: { spec: string; label: string }[];
beforeAll(async () => {
  demo = (await loadEnterprise(join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', 'examples', 'enterprise'))).enterprise as Enterprise;
  const ctx = buildRenderContext(demo, 'tpa1', 'ast16', createSecretResolver({ env: {} })).context!;
  const exten = ctx.contexts.find((c) => c.name === 'acm-local')!.extens.find((x) => x.exten === '6100')!;
  router = [exten.first, ...exten.rest].map((s) => /^GotoIfTime\((.*)\?(\w+)\)$/.exec(s.app)).filter((m) => m !== null).map((m) => ({ spec: m[1]!, label: m[2]! }));
});

describe('rendered business hours of USSales on tpa1', () => {
  it('Asterisk reads the end of 13:00:00-22:00:00 as 21:59', () => {
    expect(router.filter((r) => r.label === 'open').map((r) => r.spec)).toEqual(['13:00-21:59,mon-fri,*,*,America/New_York']);
  });

  it('routes like businessHoursAt a minute on each side of every boundary, every day of 2026', () => {
    const local = ['12:59', '13:00', '21:59', '22:00', '23:59', '00:00'];
    let checked = 0;
    for (let day = 0; day < 365; day++) {
      const base = Date.UTC(2026, 0, 1) + day * 86_400_000;
      for (const hm of local) {
        // Tampa is UTC-5 or UTC-4: try both offsets, so each local boundary minute is met whichever applies.
        for (const offset of [4, 5]) {
          const at = new Date(base + ((Number(hm.slice(0, 2)) + offset) * 60 + Number(hm.slice(3))) * 60_000);
          const first = router.find((r) => specHolds(r.spec, at));
          const asterisk = first?.label === 'open';
          expect(asterisk, at.toISOString()).toBe(businessHoursAt(demo, 'USSales', at, { cluster: 'tpa1' }).open);
          checked++;
        }
      }
    }
    expect(checked).toBe(365 * 12);
  });
});
