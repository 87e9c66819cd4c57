import { describe, expect, it } from 'vitest';
import { compareNumbers, numberBlocks, rangePatterns, sortedNumbers } from './number-blocks.js';

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
});

describe('compareNumbers', () => {
  it('orders like naturalCompare', () => {
    expect(['10', '9', '100', '09', 'a2', 'a10'].sort(compareNumbers)).toEqual(['9', '09', '10', '100', 'a2', 'a10']);
  });
});
