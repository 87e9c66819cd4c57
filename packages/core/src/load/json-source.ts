/**
 * A small JSON scanner used beside the native `JSON.parse`: it finds duplicate keys (which
 * `JSON.parse` silently drops) and the offset of any path, for line/column in diagnostics.
 * It assumes the text already parsed as JSON.
 */

const WS = new Uint8Array(128);
WS[0x20] = 1; WS[0x09] = 1; WS[0x0a] = 1; WS[0x0d] = 1;

function skipWs(t: string, i: number): number {
  while (i < t.length) {
    const c = t.charCodeAt(i);
    if (c >= 128 || WS[c] === 0) break;
    i++;
  }
  return i;
}

/** Index just after the string starting at `i` (which is a `"`). */
function skipString(t: string, i: number): number {
  i++;
  for (;;) {
    const q = t.indexOf('"', i);
    if (q < 0) return t.length;
    let b = q - 1;
    while (t.charCodeAt(b) === 0x5c) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    i = q + 1;
  }
}

function keyText(t: string, start: number, end: number): string {
  const raw = t.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(t.slice(start, end)) as string) : raw;
}

/** A duplicate key found by {@link findDuplicateKeys}: the key, where it is, and its path. */
export interface JsonDuplicate {
  readonly key: string;
  readonly offset: number;
  readonly path: (string | number)[];
}

/** Index just after the value starting at `i`; reports duplicate keys of objects inside it. */
function skipValue(t: string, i: number, path: (string | number)[], dups: JsonDuplicate[] | undefined): number {
  const c = t.charCodeAt(i);
  if (c === 0x22) return skipString(t, i);
  if (c === 0x7b) {
    const keys = dups === undefined ? undefined : new Set<string>();
    i = skipWs(t, i + 1);
    if (t.charCodeAt(i) === 0x7d) return i + 1;
    for (;;) {
      const ks = i;
      i = skipString(t, i);
      const key = keyText(t, ks, i);
      if (keys !== undefined) {
        if (keys.has(key)) dups?.push({ key, offset: ks, path: [...path, key] });
        keys.add(key);
      }
      i = skipWs(t, i);
      i = skipWs(t, i + 1); // ':'
      if (dups !== undefined) path.push(key);
      i = skipWs(t, skipValue(t, i, path, dups));
      if (dups !== undefined) path.pop();
      if (t.charCodeAt(i) === 0x2c) i = skipWs(t, i + 1);
      else return i + 1;
    }
  }
  if (c === 0x5b) {
    i = skipWs(t, i + 1);
    if (t.charCodeAt(i) === 0x5d) return i + 1;
    for (let n = 0; ; n++) {
      if (dups !== undefined) path.push(n);
      i = skipWs(t, skipValue(t, i, path, dups));
      if (dups !== undefined) path.pop();
      if (t.charCodeAt(i) === 0x2c) i = skipWs(t, i + 1);
      else return i + 1;
    }
  }
  // number, true, false, null
  while (i < t.length) {
    const d = t.charCodeAt(i);
    if (d === 0x2c || d === 0x7d || d === 0x5d || (d < 128 && WS[d] === 1)) break;
    i++;
  }
  return i;
}

/** Every duplicate key of a JSON text, with its offset and path. */
export function findDuplicateKeys(text: string): JsonDuplicate[] {
  const dups: JsonDuplicate[] = [];
  skipValue(text, skipWs(text, 0), [], dups);
  return dups;
}

/**
 * Offset of the deepest existing prefix of `path` in a JSON text: of the key when the last step is
 * an object member, of the value for array items. Used to put line and column on diagnostics.
 */
export function locateJson(text: string, path: readonly (string | number)[]): number {
  let i = skipWs(text, 0);
  let at = i;
  for (const step of path) {
    const c = text.charCodeAt(i);
    if (c === 0x7b && typeof step === 'string') {
      let found = -1;
      let j = skipWs(text, i + 1);
      if (text.charCodeAt(j) !== 0x7d) {
        for (;;) {
          const ks = j;
          j = skipString(text, j);
          const key = keyText(text, ks, j);
          j = skipWs(text, skipWs(text, j) + 1);
          if (key === step) {
            found = j;
            at = ks;
            break;
          }
          j = skipWs(text, skipValue(text, j, [], undefined));
          if (text.charCodeAt(j) === 0x2c) j = skipWs(text, j + 1);
          else break;
        }
      }
      if (found < 0) return at;
      i = found;
    } else if (c === 0x5b && typeof step === 'number') {
      let j = skipWs(text, i + 1);
      if (text.charCodeAt(j) === 0x5d) return at;
      let n = 0;
      while (n < step) {
        j = skipWs(text, skipValue(text, j, [], undefined));
        if (text.charCodeAt(j) !== 0x2c) return at;
        j = skipWs(text, j + 1);
        n++;
      }
      i = j;
      at = j;
    } else return at;
  }
  return at;
}

/**
 * A locator for many paths in one large JSON text: the offsets of the items of each top-level
 * list are found once (one pass over that list), then each lookup scans only inside its item.
 */
export function createJsonLocator(text: string): (path: readonly (string | number)[]) => number {
  const items = new Map<string, number[]>();
  const itemOffsets = (key: string): number[] => {
    let list = items.get(key);
    if (list !== undefined) return list;
    list = [];
    const at = locateJson(text, [key]);
    let j = skipWs(text, skipWs(text, skipString(text, at)) + 1);
    if (text.charCodeAt(j) === 0x5b) {
      j = skipWs(text, j + 1);
      if (text.charCodeAt(j) !== 0x5d) {
        for (;;) {
          list.push(j);
          j = skipWs(text, skipValue(text, j, [], undefined));
          if (text.charCodeAt(j) !== 0x2c) break;
          j = skipWs(text, j + 1);
        }
      }
    }
    items.set(key, list);
    return list;
  };
  return (path) => {
    const [head, index, ...rest] = path;
    if (typeof head !== 'string' || typeof index !== 'number') return locateJson(text, path);
    const start = itemOffsets(head)[index];
    if (start === undefined) return locateJson(text, path);
    return start + locateJson(text.slice(start, skipValue(text, start, [], undefined)), rest);
  };
}
