import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellJoin, shellQuote } from './shell-quote.js';

describe('shellQuote', () => {
  it('passes safe words through and single-quotes the rest', () => {
    expect(shellQuote('core')).toBe('core');
    expect(shellQuote('/etc/asterisk/sip.conf')).toBe('/etc/asterisk/sip.conf');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('core show uptime')).toBe("'core show uptime'");
    // ' closes the quote, \' is a literal quote, ' reopens it.
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });

  it('round-trips hostile arguments through a real /bin/sh', () => {
    const args = ["a'b", '$(id)', '`id`', 'x; rm -rf /tmp/nothing', 'two\nlines', '', ' spaced ', '*', '\\', '"q"', '$HOME', '--', '-n'];
    // printf '%s\0' prints each argument followed by NUL, so the split recovers the argv exactly.
    const out = execFileSync('/bin/sh', ['-c', shellJoin(['printf', '%s\\0', ...args])], { encoding: 'utf8' });
    expect(out.split('\0').slice(0, -1)).toEqual(args);
  });

  it('refuses NUL bytes', () => {
    expect(() => shellQuote('a\0b')).toThrow(TypeError);
  });
});
