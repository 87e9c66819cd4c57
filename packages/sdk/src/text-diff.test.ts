import { describe, expect, it } from 'vitest';
import { diffLines, unifiedDiff } from './text-diff.js';

describe('diffLines', () => {
  it('gives diff -u hunks with three lines of context', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
    const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
    // Worked by hand: the change at line 5, context lines 2-4 and 6-8.
    expect(diffLines(before, after)).toEqual([{ oldStart: 2, oldLines: 7, newStart: 2, newLines: 7, lines: [' b', ' c', ' d', '-e', '+E', ' f', ' g', ' h'] }]);
  });

  it('keeps changes far apart in separate hunks and joins near ones', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `l${i + 1}`);
    const far = [...lines];
    far[1] = 'X';
    far[17] = 'Y';
    expect(diffLines(`${lines.join('\n')}\n`, `${far.join('\n')}\n`).map((h) => [h.oldStart, h.oldLines])).toEqual([[1, 5], [15, 6]]);
    const near = [...lines];
    near[4] = 'X';
    near[9] = 'Y';
    // 4 unchanged lines between them (<= 2 * 3): one hunk from line 2 to line 13.
    expect(diffLines(`${lines.join('\n')}\n`, `${near.join('\n')}\n`).map((h) => [h.oldStart, h.oldLines])).toEqual([[2, 12]]);
  });

  it('numbers an empty side from the line before it, as diff -u does', () => {
    expect(unifiedDiff('etc/asterisk/new.conf', undefined, 'x\ny\n')).toBe('--- /dev/null\n+++ b/etc/asterisk/new.conf\n@@ -0,0 +1,2 @@\n+x\n+y\n');
    expect(unifiedDiff('gone.conf', 'x\n', undefined)).toBe('--- a/gone.conf\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-x\n');
    expect(unifiedDiff('same.conf', 'x\n', 'x\n')).toBe('');
  });
});
