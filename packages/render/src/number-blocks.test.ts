import { describe, expect, it } from 'vitest';
import { NumberSet, compareNumbers, numberBlocks, rangePatterns, sortedNumbers } from './number-blocks.js';

describe('rangePatterns', () => {
  it('covers exactly a range with the fewest patterns', () => {
    expect(rangePatterns('6100', '6199')).toEqual(['_61XX']);
    // 6150-6199, 6200-6229, 6230.
    expect(rangePatterns('6150', '6230')).toEqual(['_61[5-9]X', '_62[0-2]X', '6230']);
    expect(rangePatterns('100000', '100499')).toEqual(['_100[0-4]XX']);
    expect(rangePatterns('0100', '0999')).toEqual(['_0ZXX']);
    expect(rangePatterns('7', '7')).toEqual(['7']);
    // 2001-2009, 2010-2099, 2100-2999 (N = 2-9 is wrong here: 3000 is out), 3000.
    expect(rangePatterns('2001', '3000')).toEqual(['_200Z', '_20ZX', '_2ZXX', '3000']);
  });
});

describe('numberBlocks', () => {
  it('merges numbers and ranges, cuts out other clusters\' numbers, keeps odd numbers literal', () => {
    expect(numberBlocks(['6100', '6101', '6102', '*80'], [{ from: '6100', to: '6199' }], sortedNumbers(['6150', '6100']))).toEqual([
      // 6100 is cut from the range but is one of the numbers: 6100-6149, then 6151-6199.
      '_61[0-4]X', '_615Z', '_61[6-9]X', '*80',
    ]);
    expect(numberBlocks(['5', '42', '43'], [], new Map())).toEqual(['5', '_4[2-3]']);
  });

  it('takes a NumberSet and the union of other sets as exclusions, whatever order the numbers came in', () => {
    const own = new NumberSet();
    for (const n of ['6107', '6105', '6106', '0612', '*80', '6105']) own.add(n);
    const other = new NumberSet();
    for (const n of ['6190', '6120', '99']) other.add(n);
    const every = NumberSet.union([own, other]);
    // Sorted per length; non-digit strings are not numbers; the duplicate 6105 stays (harmless).
    expect([...(every.get(4) ?? [])]).toEqual([612, 6105, 6105, 6106, 6107, 6120, 6190]);
    expect([...(every.get(2) ?? [])]).toEqual([99]);
    expect(every.has(3)).toBe(false);
    // 6100-6199 without 6120 and 6190 (other's), with 6105-6107 (own, cut then back as numbers);
    // 0612 is a four-digit number of its own; *80 stays a literal.
    expect(numberBlocks(own, [{ from: '6100', to: '6199' }], every)).toEqual([
      '0612', '_61[0-1]X', '_612Z', '_61[3-8]X', '_619Z', '*80',
    ]);
  });
});

describe('compareNumbers', () => {
  it('orders like naturalCompare', () => {
    expect(['10', '9', '100', '09', 'a2', 'a10'].sort(compareNumbers)).toEqual(['9', '09', '10', '100', 'a2', 'a10']);
  });
});
