/** One hunk of a unified diff: where it starts in each text and its lines (` `, `-`, `+` prefixed). */
export interface DiffHunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly lines: readonly string[];
}

type Op = { readonly kind: ' ' | '-' | '+'; readonly text: string };

/** The shortest edit script between two line lists (Myers' O(ND) algorithm). */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[max + k - 1]! < v[max + k + 1]!) ? v[max + k + 1]! : v[max + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= n && y >= m) break outer;
    }
  }
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const t = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && t[max + k - 1]! < t[max + k + 1]!) ? k + 1 : k - 1;
    const prevX = t[max + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', text: a[--x]! });
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: '+', text: b[--y]! });
      else ops.push({ kind: '-', text: a[--x]! });
    }
  }
  return ops.reverse();
}

function lines(text: string): string[] {
  if (text === '') return [];
  const out = text.split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out;
}

/**
 * The hunks of a unified diff between two texts, with `context` unchanged lines around each change
 * (default 3), as `diff -u` prints them. Empty when the texts are equal.
 *
 * @example
 * ```ts
 * diffLines('a\nb\nc\n', 'a\nB\nc\n');
 * // [{ oldStart: 1, oldLines: 3, newStart: 1, newLines: 3, lines: [' a', '-b', '+B', ' c'] }]
 * ```
 */
export function diffLines(before: string, after: string, context = 3): DiffHunk[] {
  if (before === after) return [];
  const ops = editScript(lines(before), lines(after));
  const hunks: DiffHunk[] = [];
  let i = 0;
  // Line numbers (1-based) in each text at op i.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let o = 1;
  let w = 1;
  for (const op of ops) {
    oldAt.push(o);
    newAt.push(w);
    if (op.kind !== '+') o++;
    if (op.kind !== '-') w++;
  }
  const changes: number[] = [];
  ops.forEach((op, j) => {
    if (op.kind !== ' ') changes.push(j);
  });
  while (i < changes.length) {
    let last = i;
    // Changes closer than two contexts share a hunk, as diff -u prints them.
    while (last + 1 < changes.length && changes[last + 1]! - changes[last]! - 1 <= 2 * context) last++;
    const start = Math.max(0, changes[i]! - context);
    const stop = Math.min(ops.length, changes[last]! + 1 + context);
    const part = ops.slice(start, stop);
    const oldLines = part.filter((p) => p.kind !== '+').length;
    const newLines = part.filter((p) => p.kind !== '-').length;
    hunks.push({
      // An empty side is numbered from the line before it, as diff -u does (`-0,0`).
      oldStart: oldLines === 0 ? oldAt[start]! - 1 : oldAt[start]!,
      oldLines,
      newStart: newLines === 0 ? newAt[start]! - 1 : newAt[start]!,
      newLines,
      lines: part.map((p) => `${p.kind}${p.text}`),
    });
    i = last + 1;
  }
  return hunks;
}

/** A unified diff of two texts as `diff -u` prints it, with `--- a/<path>` and `+++ b/<path>` headers; empty when equal. */
export function unifiedDiff(path: string, before: string | undefined, after: string | undefined, context = 3): string {
  const hunks = diffLines(before ?? '', after ?? '', context);
  if (hunks.length === 0) return '';
  const head = `--- ${before === undefined ? '/dev/null' : `a/${path}`}\n+++ ${after === undefined ? '/dev/null' : `b/${path}`}\n`;
  return head + hunks.map((h) => `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@\n${h.lines.join('\n')}\n`).join('');
}
