/**
 * Finds where a text stops being JSON and why; used only after `JSON.parse` failed, whose
 * messages do not always carry a position.
 */
export function findJsonError(t: string): { offset: number; reason: string } {
  let i = 0;
  const fail = (reason: string): never => {
    throw new JsonStop(i, reason);
  };
  const ws = (): void => {
    while (i < t.length && ' \t\r\n'.includes(t[i] as string)) i++;
  };
  const describe = (): string => (i >= t.length ? 'end of input' : `${JSON.stringify(t[i])}`);
  const value = (depth: number): void => {
    if (depth > 512) fail('nesting too deep');
    ws();
    const c = t[i];
    if (c === '{') {
      i++;
      ws();
      if (t[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (t[i] !== '"') fail(`expected a key in double quotes, found ${describe()}`);
        string();
        ws();
        if (t[i] !== ':') fail(`expected ":" after the key, found ${describe()}`);
        i++;
        value(depth + 1);
        ws();
        if (t[i] === ',') {
          i++;
          continue;
        }
        if (t[i] === '}') {
          i++;
          return;
        }
        fail(`expected "," or "}", found ${describe()}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (t[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (t[i] === ',') {
          i++;
          continue;
        }
        if (t[i] === ']') {
          i++;
          return;
        }
        fail(`expected "," or "]", found ${describe()}`);
      }
    }
    if (c === '"') return string();
    const m = /^(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?|true|false|null)/.exec(t.slice(i, i + 400));
    if (m === null) fail(`unexpected ${describe()}`);
    i += (m as RegExpExecArray)[0].length;
  };
  const string = (): void => {
    i++;
    for (;;) {
      if (i >= t.length) fail('unterminated string');
      const c = t.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail('control character in a string');
      if (c === 0x5c) {
        const e = t[i + 1];
        if (e === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(t.slice(i + 2, i + 6))) fail('bad \\u escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail('bad escape');
      } else i++;
    }
  };
  try {
    ws();
    if (i >= t.length) return { offset: 0, reason: 'no JSON value' };
    value(0);
    ws();
    if (i < t.length) fail(`unexpected ${describe()} after the end of the document`);
    return { offset: 0, reason: 'invalid JSON' };
  } catch (e) {
    if (e instanceof JsonStop) return { offset: e.offset, reason: e.reason };
    throw e;
  }
}

class JsonStop {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}
