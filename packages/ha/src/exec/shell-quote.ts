const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes one argument for a POSIX shell: safe words pass through, everything else is wrapped in
 * single quotes with embedded single quotes written as `'\''`.
 *
 * @example
 * ```ts
 * shellQuote("it's; rm -rf /") // => 'it'\''s; rm -rf /'
 * ```
 */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new TypeError('argument contains a NUL byte');
  if (arg !== '' && SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Joins an argv array into one command line that a POSIX shell splits back into exactly that argv. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
