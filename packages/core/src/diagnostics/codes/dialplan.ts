import type { CatalogueSection } from '../catalogue-entry.js';

const s = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/**
 * Codes of the pure dialplan engines: Asterisk extension patterns (`dialplan.pattern-*`) and the
 * OpenSIPS number plan (`dialplan.dp-*`).
 */
export const DIALPLAN_CODES: CatalogueSection = {
  'dialplan.pattern-empty': {
    severity: 'error',
    area: 'dialplan',
    doc: 'The extension is empty (or only `_` and `-`): no number can be dialed to reach it.',
    message: (d) => `extension ${s(d.pattern)} is empty`,
  },
  'dialplan.pattern-unclosed-set': {
    severity: 'error',
    area: 'dialplan',
    doc: 'A `[` set has no closing `]`; Asterisk then never matches the pattern.',
    message: (d) => `pattern ${s(d.pattern)}: the set opened at position ${String(d.index)} is never closed, so it matches nothing`,
    hint: 'close the set with `]`; write a literal `[` as `[\\[]`',
  },
  'dialplan.pattern-empty-set': {
    severity: 'warning',
    area: 'dialplan',
    doc: 'An empty set `[]` in a pattern; Asterisk ignores it, which is rarely what was meant.',
    message: (d) => `pattern ${s(d.pattern)}: empty set [] at position ${String(d.index)} is ignored`,
  },
  'dialplan.pattern-reversed-range': {
    severity: 'warning',
    area: 'dialplan',
    doc: 'A range inside a set runs backwards (`[9-0]`) and contributes no character.',
    message: (d) => `pattern ${s(d.pattern)}: range ${s(d.range)} runs backwards and matches no character`,
    hint: 'write the smaller character first, e.g. [0-9]',
  },
  'dialplan.pattern-after-wildcard': {
    severity: 'warning',
    area: 'dialplan',
    doc: 'Characters after `.` or `!` are ignored by Asterisk: the wildcard ends the pattern.',
    message: (d) => `pattern ${s(d.pattern)}: ${s(d.ignored)} after ${s(d.wildcard)} is ignored`,
    hint: 'a literal dot is written [.]',
  },
  'dialplan.pattern-invalid-char': {
    severity: 'error',
    area: 'dialplan',
    doc: 'A character that cannot be dialed (control or non-ASCII character, or `/` which starts a caller-id match).',
    message: (d) => `extension ${s(d.pattern)}: character ${s(d.char)} at position ${String(d.index)} cannot be dialed`,
  },
  'dialplan.pattern-lowercase-wildcard': {
    severity: 'info',
    area: 'dialplan',
    doc: 'Asterisk treats lowercase `x`, `n`, `z` in a pattern as the wildcards X, N, Z, not as letters.',
    message: (d) => `pattern ${s(d.pattern)}: ${s(d.char)} is the wildcard ${String(d.char).toUpperCase()}, not a letter`,
    hint: 'to match the letter itself, put it in a set, e.g. [x]',
  },
  'dialplan.dp-regex-invalid': {
    severity: 'error',
    area: 'dialplan',
    doc: 'A dialplan rule expression does not compile; OpenSIPS drops the rule at load with only a log line.',
    message: (d) => `rule ${String(d.id)}: ${String(d.field)} ${s(d.expression)} does not compile: ${String(d.reason)}`,
  },
  'dialplan.dp-regex-pcre-incompatible': {
    severity: 'error',
    area: 'dialplan',
    doc: 'A dialplan rule expression uses a construct that PCRE rejects or reads differently from what it looks like.',
    message: (d) => `rule ${String(d.id)}: ${String(d.field)} ${s(d.expression)} uses ${s(d.construct)}, which PCRE ${String(d.reason)}`,
  },
  'dialplan.dp-regex-unsupported': {
    severity: 'warning',
    area: 'dialplan',
    doc: 'A dialplan rule expression is valid PCRE but ACM cannot model it exactly (backreferences, atomic groups, ...); the rule is left out of classification and analysis.',
    message: (d) => `rule ${String(d.id)}: ${String(d.field)} ${s(d.expression)} uses ${s(d.construct)}, which ACM cannot analyse; the rule is left out`,
  },
  'dialplan.dp-repl-group-missing': {
    severity: 'error',
    area: 'dialplan',
    doc: 'The replacement refers to a group the substitution expression does not have; OpenSIPS refuses the rule.',
    message: (d) => `rule ${String(d.id)}: repl_exp uses \\${String(d.group)} but subst_exp has ${String(d.groups)} group(s)`,
  },
  'dialplan.dp-match-op-invalid': {
    severity: 'error',
    area: 'dialplan',
    doc: 'A dialplan rule has a match operator other than 0 (equal) or 1 (regex); OpenSIPS has no other.',
    message: (d) => `rule ${String(d.id)}: match_op ${String(d.matchOp)} is neither 0 (equal) nor 1 (regex)`,
  },
  'dialplan.dp-timerec-assumed': {
    severity: 'info',
    area: 'dialplan',
    doc: 'A rule with a time recurrence applies only part of the time: the analysis never lets it shadow other rules.',
    message: (d) => `rule ${String(d.id)} applies only within ${s(d.timerec)}; it is not counted as shadowing other rules`,
  },
  'dialplan.dp-rule-shadowed': {
    severity: 'warning',
    area: 'dialplan',
    doc: 'Every number a dialplan rule matches is taken by rules of higher precedence: the rule is never used.',
    message: (d) => `rule ${String(d.id)} (${s(d.attrs)}) is never used: rules ${String((d.by as unknown[] | undefined)?.join(', '))} take all its numbers`,
  },
  'dialplan.dp-rule-overlap': {
    severity: 'warning',
    area: 'dialplan',
    doc: 'Two dialplan rules with different attrs match some same numbers; the one with higher precedence wins them.',
    message: (d) => `rules ${String(d.winner)} (${s(d.winnerAttrs)}) and ${String(d.loser)} (${s(d.loserAttrs)}) both match ${s(d.witness)}; rule ${String(d.winner)} wins`,
  },
  'dialplan.dp-gap': {
    severity: 'warning',
    area: 'dialplan',
    doc: 'Short numbers that no rule of the dpid classifies: dp_translate fails for them (the talk answers 420).',
    message: (d) => `dpid ${String(d.dpid)}: ${String(d.count)} number(s) of length ${String(d.length)} match no rule, e.g. ${String((d.examples as unknown[] | undefined)?.join(', '))}`,
  },
  'dialplan.dp-unclassified': {
    severity: 'warning',
    area: 'dialplan',
    doc: 'A number the enterprise itself makes dialable (an emergency number, an extension, a queue, a media-service alias) matches no rule of the classification dpid: the proxy rejects calls to it (the talk answers 420 Invalid Destination). Emergency numbers are errors.',
    message: (d) => `${String(d.kind)} ${JSON.stringify(d.number)} matches no rule of dpid ${String(d.dpid)}: dp_translate fails and the proxy rejects the call`,
  },
};
