/** How a construct of a rule expression relates to PCRE as OpenSIPS uses it. */
export type PcreFindingKind = 'invalid' | 'pcre-incompatible' | 'unsupported';

/** One construct of an expression that PCRE rejects, reads differently, or ACM cannot model. */
export interface PcreFinding {
  readonly kind: PcreFindingKind;
  /** The construct as written, e.g. `\\u0041`, `(?>`, `[^]`. */
  readonly construct: string;
  /** Why it is reported (completes "which PCRE ..."). */
  readonly reason: string;
}

/** An expression checked against PCRE and translated to an equivalent JavaScript regular expression. */
export interface PcreCheck {
  /** Findings; empty when the expression means the same in PCRE and in the translation. */
  readonly findings: readonly PcreFinding[];
  /** JavaScript source with the same meaning on dialed numbers (`\A` -> `^`, POSIX classes expanded, ...). */
  readonly source: string;
  /** JavaScript flags (`i` for a leading `(?i)` or a case-insensitive rule). */
  readonly flags: string;
  /** Top-level alternatives of `source` (split on `|` outside groups and classes). */
  readonly alternatives: readonly string[];
  /** Number of capturing groups. */
  readonly groups: number;
}

const POSIX: Readonly<Record<string, string>> = {
  digit: '0-9', alpha: 'A-Za-z', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', xdigit: '0-9A-Fa-f',
  space: '\\t\\n\\v\\f\\r ', blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~', graph: '!-~', word: '\\w',
};

const UNSUPPORTED_ESCAPES = 'GKQEhHRXCgkNopP';
const FINE_ESCAPES = 'dDwWsSbBnrtfc0';

/**
 * Checks a rule expression for PCRE compatibility and translates it to JavaScript for matching and
 * automaton analysis. Never throws.
 *
 * - `invalid`: does not compile (OpenSIPS drops the rule at load);
 * - `pcre-incompatible`: PCRE rejects it or reads it differently than JavaScript (`[^]`, `\\u0041`,
 *   `{,3}`, `\\v`, unknown letter escapes, variable-length lookbehind);
 * - `unsupported`: valid PCRE that ACM cannot model exactly (backreferences, atomic groups,
 *   possessive quantifiers, recursion, inline options other than a leading `(?i)`, ...).
 */
export function checkPcre(expression: string, caseInsensitive = false): PcreCheck {
  const findings: PcreFinding[] = [];
  const add = (kind: PcreFindingKind, construct: string, reason: string): void => {
    if (!findings.some((f) => f.kind === kind && f.construct === construct)) findings.push({ kind, construct, reason });
  };
  let flags = caseInsensitive ? 'i' : '';
  let out = '';
  let i = 0;
  let depth = 0;
  let groups = 0;
  const alternatives: string[] = [];
  let altStart = 0;
  const lookbehinds: number[] = [];
  if (expression.startsWith('(?i)')) {
    flags = 'i';
    i = 4;
  }
  const src = expression;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\\') {
      const e = src[i + 1];
      if (e === undefined) { add('invalid', '\\', 'rejects: the expression ends with a lone backslash'); out += '\\\\'; i++; continue; }
      if (e === 'A') { out += '^'; i += 2; continue; }
      if (e === 'z' || e === 'Z') { out += '$'; i += 2; continue; }
      if (e >= '1' && e <= '9') add('unsupported', `\\${e}`, 'treats as a backreference (not a regular language)');
      else if (e === 'x' && src[i + 2] === '{') add('unsupported', '\\x{', 'reads as a code point escape');
      else if (e === 'u') add('pcre-incompatible', '\\u', 'rejects (JavaScript reads a Unicode escape)');
      else if (e === 'v') add('pcre-incompatible', '\\v', 'reads as any vertical whitespace (JavaScript: vertical tab only)');
      else if (e === 'e' || e === 'a') add('pcre-incompatible', `\\${e}`, 'reads as a control character (JavaScript: the letter)');
      else if (UNSUPPORTED_ESCAPES.includes(e)) add('unsupported', `\\${e}`, 'supports but ACM cannot model');
      else if (/[A-Za-z]/.test(e) && !FINE_ESCAPES.includes(e) && e !== 'x') add('pcre-incompatible', `\\${e}`, 'rejects or reads literally depending on its version');
      out += `\\${e}`;
      i += 2;
      continue;
    }
    if (ch === '[') {
      // Character class: copy to the closing bracket, expanding POSIX classes.
      let j = i + 1;
      let cls = '[';
      if (src[j] === '^') { cls += '^'; j++; }
      if (src[j] === ']') add('pcre-incompatible', cls === '[' ? '[]' : '[^]', 'reads `]` right after `[` as a literal member (JavaScript: an empty or full class)');
      let closed = false;
      while (j < src.length) {
        const c = src[j]!;
        if (c === '\\') {
          const e = src[j + 1] ?? '';
          if (e === 'u') add('pcre-incompatible', '\\u', 'rejects (JavaScript reads a Unicode escape)');
          else if (e === 'v') add('pcre-incompatible', '\\v', 'reads as any vertical whitespace (JavaScript: vertical tab only)');
          else if (UNSUPPORTED_ESCAPES.includes(e) && e !== 'Q' && e !== 'E') add('unsupported', `\\${e}`, 'supports but ACM cannot model');
          else if (/[A-Za-z]/.test(e) && !FINE_ESCAPES.includes(e) && e !== 'x') add('pcre-incompatible', `\\${e}`, 'rejects or reads literally depending on its version');
          cls += `\\${e}`;
          j += 2;
          continue;
        }
        if (c === '[' && src[j + 1] === ':') {
          const end = src.indexOf(':]', j + 2);
          const name = end > 0 ? src.slice(j + 2, end) : '';
          const js = POSIX[name];
          if (js !== undefined) { cls += js; j = end + 2; continue; }
          if (end > 0) { add('invalid', `[:${name}:]`, 'rejects: unknown POSIX class'); j = end + 2; continue; }
        }
        if (c === ']') { closed = true; j++; break; }
        cls += c;
        j++;
      }
      if (!closed) add('invalid', '[', 'rejects: missing terminating ] for the character class');
      out += `${cls}]`;
      i = j;
      continue;
    }
    if (ch === '(') {
      if (src[i + 1] === '*') { add('unsupported', '(*', 'reads as a backtracking verb'); out += '(?:'; i += 2; depth++; continue; }
      if (src[i + 1] === '?') {
        const rest = src.slice(i + 2);
        if (rest.startsWith(':') || rest.startsWith('=') || rest.startsWith('!')) { out += `(?${rest[0]}`; i += 3; depth++; continue; }
        if (rest.startsWith('<=') || rest.startsWith('<!')) { lookbehinds.push(out.length); out += `(?${rest.slice(0, 2)}`; i += 4; depth++; continue; }
        if (/^<[A-Za-z_]/.test(rest)) { groups++; out += '(?'; i += 2; depth++; continue; }
        const construct = `(?${rest.slice(0, rest.startsWith('P') ? 2 : 1)}`;
        const what = rest.startsWith('>') ? 'an atomic group' : rest.startsWith('#') ? 'a comment' : rest.startsWith('|') ? 'a branch-reset group'
          : rest.startsWith('(') ? 'a conditional' : rest.startsWith('P') ? 'a Python-style named group or reference' : /^[R0-9+-]/.test(rest) ? 'a recursion' : 'inline options';
        add('unsupported', construct, `reads as ${what}`);
        out += '(?:';
        i += 2;
        depth++;
        // Skip the option letters of `(?i:` / `(?x)` so the rest still parses.
        while (i < src.length && /[A-Za-z>#|^-]/.test(src[i]!) && src[i] !== ')') i++;
        if (src[i] === ':') i++;
        continue;
      }
      groups++;
      depth++;
      out += '(';
      i++;
      continue;
    }
    if (ch === ')') {
      depth--;
      out += ')';
      const lb = lookbehinds.at(-1);
      if (lb !== undefined && depth >= 0) {
        const body = out.slice(lb + 4, -1);
        if (/[*+?]|\{\d*,/.test(body.replace(/\\./g, ''))) add('pcre-incompatible', out.slice(lb), 'rejects: lookbehind must have a fixed length');
        lookbehinds.pop();
      }
      i++;
      continue;
    }
    if ((ch === '+') && i > 0 && /[*+?}]/.test(src[i - 1]!) && src[i - 2] !== '\\') {
      add('unsupported', `${src[i - 1]}+`, 'reads as a possessive quantifier');
      i++;
      continue;
    }
    if (ch === '{' && /^\{,\d+\}/.test(src.slice(i))) add('pcre-incompatible', src.slice(i, src.indexOf('}', i) + 1), 'reads as a quantifier from version 10.43 and as literal text before (JavaScript: literal text)');
    if (ch === '|' && depth === 0) { alternatives.push(out.slice(altStart)); out += '|'; altStart = out.length; i++; continue; }
    out += ch;
    i++;
  }
  alternatives.push(out.slice(altStart));
  try {
    new RegExp(out, flags);
  } catch (err) {
    if (!findings.some((f) => f.kind === 'unsupported' || f.kind === 'invalid')) {
      add('invalid', expression, (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, ''));
    }
  }
  return { findings, source: out, flags, alternatives, groups };
}
