import type { CatalogueSection } from '../catalogue-entry.js';

const s = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));
const via = (d: Readonly<Record<string, unknown>>): string => {
  const v = d.via;
  return Array.isArray(v) && v.length > 0 ? ` (context ${v.map(String).join(', ')})` : '';
};

/**
 * Codes of the number space (`numspace.*`: conflicts between dialable claims), the roaming view
 * (`roaming.*`) and batch plans (`batch.*`).
 */
export const NUMBER_SPACE_CODES: CatalogueSection = {
  'numspace.duplicate': {
    severity: 'error',
    area: 'number-space',
    doc: 'The same extension is dialable twice in one context, or in two contexts one includes: Asterisk keeps the first, the second is never reached.',
    message: (d) => `${s(d.extension)} on ${s(d.cluster)} is also ${s(d.other)}, which a call reaches first${via(d)}`,
    hint: 'give one of them another number',
  },
  'numspace.literal-shadowed': {
    severity: 'warning',
    area: 'number-space',
    doc: 'A number is claimed literally and also matched by a pattern; `data.reaches` says which one a call reaches (the literal in its own context; the pattern when its context is searched first).',
    message: (d) => d.reaches === 'pattern'
      ? `${s(d.number)} on ${s(d.cluster)} is taken by pattern ${s(d.pattern)} of ${s(d.patternContext)} before ${s(d.context)} is searched${via(d)}`
      : `pattern ${s(d.pattern)} on ${s(d.cluster)} never answers ${s(d.witness)}${Number(d.count) > 1 ? ` (and ${Number(d.count) - 1} more numbers)` : ''}: the literal ${s(d.number)} is found first${via(d)}`,
  },
  'numspace.pattern-overlap': {
    severity: 'warning',
    area: 'number-space',
    doc: 'Two patterns match some numbers in common; `data.winner` is the one Asterisk tries first, `data.witness` a number both match.',
    message: (d) => `pattern ${s(d.pattern)} overlaps ${s(d.winner)} on ${s(d.cluster)}: ${s(d.witness)} reaches ${s(d.winner)}${via(d)}`,
  },
  'numspace.pattern-unreachable': {
    severity: 'error',
    area: 'number-space',
    doc: 'Every number a pattern matches is taken by extensions Asterisk tries first: the pattern is never reached.',
    message: (d) => `pattern ${s(d.pattern)} on ${s(d.cluster)} is never reached: ${(d.by as unknown[]).map(s).join(', ')} take every number it matches, e.g. ${s(d.witness)}${via(d)}`,
  },
  'numspace.priority-leak': {
    severity: 'warning',
    area: 'number-space',
    doc: 'A literal defines fewer priorities than a pattern that also matches it: after its last priority the call continues in the pattern.',
    message: (d) => `${s(d.number)} on ${s(d.cluster)} has ${String(d.priorities)} priorities; priority ${String(Number(d.priorities) + 1)} comes from pattern ${s(d.pattern)}${via(d)}`,
  },
  'numspace.prefix-ambiguity': {
    severity: 'warning',
    area: 'number-space',
    doc: 'A dialable number is a proper prefix of another (411 and 4110): with overlap dialing the phone waits for the inter-digit timeout.',
    message: (d) => `${s(d.witness)} on ${s(d.cluster)} is a prefix of ${s(d.longer)} (${s(d.other)}): dialing it waits for the inter-digit timeout${via(d)}`,
  },
  'did.conflict': {
    severity: 'error',
    area: 'number-space',
    doc: 'One DID is routed to two destinations: two owners (a conference\'s `externalNumber`, a FAX user\'s numbers) on one cluster or on two, or a conference\'s DID that is another owner\'s number on its cluster. The carrier delivers a DID to one place: the others never get a call (and a phone dialing it reaches whichever its own cluster routes to). Reported at every owner after the first; `related` is the first.',
    message: (d) => `DID ${s(d.did)} of ${String(d.owner)} on ${s(d.cluster)} is also ${String(d.other)} on ${s(d.otherCluster)}`,
    hint: 'give each destination its own DID',
  },
  'did.routes-out': {
    severity: 'warning',
    area: 'number-space',
    doc: 'A DID of a cluster is not a number of its internal context, and an outbound call-class route of its site matches it: a phone of the cluster dialing it goes out by a trunk and comes back in (two channels for an internal call). `related` is the route pattern.',
    message: (d) => `DID ${s(d.did)} on ${s(d.cluster)} is dialled out by ${s(d.callClass)} route ${s(d.pattern)} from the cluster's own phones`,
  },
  'numspace.cross-cluster': {
    severity: 'error',
    area: 'number-space',
    doc: 'The same number is on two clusters and neither side is roaming (DUNDi) nor a declared standard number.',
    message: (d) => `${s(d.number)} is on ${s(d.cluster)} and on ${s(d.otherCluster)}; neither is roaming nor a standard number`,
    hint: 'set `roaming: true` (the user moves) or `standardNumber: true` (one number per site by design), or renumber',
  },
  'roaming.duplicate-voicemail': {
    severity: 'warning',
    area: 'roaming',
    doc: 'A number present on several clusters has a voicemail box on more than one of them (the guide: voicemail only on the home cluster).',
    message: (d) => `${s(d.number)} has voicemail on ${s(d.cluster)} and also on ${s(d.home)}: keep the box only on the home cluster`,
  },
  'roaming.name-mismatch': {
    severity: 'warning',
    area: 'roaming',
    doc: 'A roaming number, or a number with a voicemail box, has different names on different clusters.',
    message: (d) => `${s(d.number)} is named ${s(d.name)} on ${s(d.cluster)} but ${s(d.otherName)} on ${s(d.otherCluster)}`,
  },
  'roaming.not-enabled': {
    severity: 'warning',
    area: 'roaming',
    doc: 'A number is roaming or a standard number on one cluster but plain on another: DUNDi and local routing disagree.',
    message: (d) => `${s(d.number)} on ${s(d.cluster)} is neither roaming nor a standard number, but it is on ${s(d.otherCluster)}`,
  },
  'batch.range-invalid': {
    severity: 'error',
    area: 'batch',
    doc: 'The range of a batch plan is not two numbers of the same length with the start not after the end, or is too large.',
    message: (d) => `batch range ${s(d.from)}-${s(d.to)}: ${String(d.reason)}`,
  },
  'batch.no-template': {
    severity: 'info',
    area: 'batch',
    doc: 'The batch group has no extension template; extensions get the group name and default settings.',
    message: (d) => `group ${s(d.group)} has no extension template; names default to ${s(d.namePattern)}`,
  },
};
