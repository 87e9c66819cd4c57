import { diag } from '../diagnostics/catalogue.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compilePattern } from '../dialplan/asterisk/compile-pattern.js';
import { matchesPattern } from '../dialplan/asterisk/match-pattern.js';
import { extensionKey } from '../validate/model-index.js';
import type { Rule } from '../validate/rule.js';
import { DID_CONTEXT, INTERNAL_CONTEXT, type Claim } from './claim.js';
import type { Extension } from '../model/extension.js';
import { INTERNAL_CLAIM_PROVIDERS, extensionClaim, type ClaimProvider, type ClaimSource } from './claim-providers.js';

const isStr = (v: unknown): v is string => typeof v === 'string' && v !== '';
/** A DID as the trunks deliver it to `acm-did` (a leading `+` is dropped). */
const didKey = (n: string): string => (n.startsWith('+') ? n.slice(1) : n);

/**
 * Numbers the model routes from outside (context `did` of their cluster): a conference's
 * `externalNumber` (`acm-did` sends it into the conference) and a FAX user's numbers (the FAX
 * gateway answers them). A DID belongs to one destination in the whole public network.
 */
export const DID_CLAIMS: ClaimProvider = {
  name: 'dids',
  claims({ enterprise: e, each }, emit) {
    for (const [c, i] of each(e.conferences)) {
      if (isStr(c.externalNumber) && isStr(c.cluster)) emit({ cluster: c.cluster, context: DID_CONTEXT, extension: didKey(c.externalNumber), kind: 'did', owner: ['conferences', i, 'externalNumber'], label: `conference ${c.number}` });
    }
    for (const [f, i] of each(e.faxUsers)) {
      if (!isStr(f.cluster) || !Array.isArray(f.numbers)) continue;
      f.numbers.forEach((n, j) => {
        if (isStr(n)) emit({ cluster: f.cluster, context: DID_CONTEXT, extension: didKey(n), kind: 'did', owner: ['faxUsers', i, 'numbers', j], label: `FAX user ${f.id}` });
      });
    }
  },
};

/** The entity a claim's owner path names (`conferences/3`), so that two numbers of one FAX user are one destination. */
const ownerKey = (c: Claim): string => `${String(c.owner[0])}/${String(c.owner[1])}`;

/** Options of {@link findDidConflicts}. */
export interface FindDidOptions {
  /**
   * Looks up the extension with a number on a cluster (validation passes its model index), so that
   * the extensions need not all be read to compare the few DIDs with them.
   */
  readonly extensionAt?: (cluster: string, number: string) => { readonly item: Extension; readonly index: number } | undefined;
}

/**
 * DID conflicts, over the DID claims ({@link DID_CLAIMS}):
 * - `did.conflict` (error): one DID routed to two destinations, on one cluster or on two (the
 *   carrier delivers it to one place), or a conference's DID that is also another owner's number in
 *   the internal context of its cluster (from outside it reaches the conference, from inside the other);
 * - `did.routes-out` (warning): a DID that the cluster's own phones would dial out over a call-class
 *   route (it is not a number of the cluster's internal context): calls from inside leave by a trunk
 *   and come back in, two channels for an internal call.
 */
export function findDidConflicts(source: ClaimSource, options: FindDidOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const dids: Claim[] = [];
  DID_CLAIMS.claims(source, (c) => dids.push(c));
  if (dids.length === 0) return out;
  const byKey = new Map<string, Claim[]>();
  for (const c of dids) {
    const list = byKey.get(c.extension) ?? [];
    list.push(c);
    byKey.set(c.extension, list);
  }
  // Internal numbers of each cluster equal to a DID (one pass over the internal claims).
  const internal = new Map<string, Claim[]>();
  const addInternal = (c: Claim): void => {
    if (c.context !== INTERNAL_CONTEXT || !byKey.has(c.extension)) return;
    const k = `${c.cluster}\u0000${c.extension}`;
    const list = internal.get(k) ?? [];
    list.push(c);
    internal.set(k, list);
  };
  const lookup = options.extensionAt;
  for (const p of INTERNAL_CLAIM_PROVIDERS) if (lookup === undefined || p.name !== 'extensions') p.claims(source, addInternal);
  if (lookup !== undefined) {
    for (const c of dids) {
      const x = lookup(c.cluster, c.extension);
      if (x !== undefined && !(internal.get(`${c.cluster}\u0000${c.extension}`) ?? []).some((y) => y.owner[0] === 'extensions')) addInternal(extensionClaim(x.item, x.index));
    }
  }
  for (const [did, claims] of byKey) {
    const first = claims[0]!;
    const seen = new Set([ownerKey(first)]);
    for (const c of claims.slice(1)) {
      if (seen.has(ownerKey(c))) continue;
      seen.add(ownerKey(c));
      out.push(diag('did.conflict', c.owner, { did, witness: did, cluster: c.cluster, owner: c.label, otherCluster: first.cluster, other: first.label }, { related: [{ path: first.owner }] }));
    }
    // A conference's DID that is another owner's internal number on its cluster (FAX numbers are DIDs: compared above).
    for (const c of claims) {
      if (c.owner[0] !== 'conferences') continue;
      const other = (internal.get(`${c.cluster}\u0000${did}`) ?? []).find((x) => x.owner[0] !== 'faxUsers' && ownerKey(x) !== ownerKey(c));
      if (other !== undefined) out.push(diag('did.conflict', c.owner, { did, witness: did, cluster: c.cluster, owner: c.label, otherCluster: c.cluster, other: other.label }, { related: [{ path: other.owner }] }));
    }
  }
  // Outbound routes of each cluster's site.
  const e = source.enterprise;
  const siteOf = new Map<string, string>();
  for (const [c] of source.each(e.clusters)) if (isStr(c.id)) siteOf.set(c.id, c.site);
  const routes: { pattern: string; site?: readonly string[]; callClass: string; path: (string | number)[]; compiled: ReturnType<typeof compilePattern>['pattern'] }[] = [];
  for (const [cc, i] of source.each(e.callClasses)) {
    if (!isStr(cc.id) || cc.id === 'internal') continue;
    for (const [p, j] of source.each(cc.patterns)) {
      if (!isStr(p.pattern)) continue;
      routes.push({ pattern: p.pattern, ...(Array.isArray(p.sites) ? { site: p.sites } : {}), callClass: cc.id, path: ['callClasses', i, 'patterns', j, 'pattern'], compiled: compilePattern(p.pattern).pattern });
    }
  }
  for (const c of dids) {
    if (internal.has(`${c.cluster}\u0000${c.extension}`)) continue; // an internal number of the cluster is tried first
    const site = siteOf.get(c.cluster);
    const route = routes.find((r) => (r.site === undefined || (site !== undefined && r.site.includes(site))) && matchesPattern(r.compiled, c.extension));
    if (route !== undefined) out.push(diag('did.routes-out', c.owner, { did: c.extension, witness: c.extension, cluster: c.cluster, callClass: route.callClass, pattern: route.pattern }, { related: [{ path: route.path }] }));
  }
  return out;
}

/** `did.*`: DIDs routed to two destinations, or out again by the cluster's own routes. */
export const DID_RULE: Rule = {
  name: 'dids',
  lifecycle: 'common',
  run(ctx) {
    const extensionAt = (cluster: string, number: string) => ctx.index.extensions.get(extensionKey(cluster, number));
    for (const d of findDidConflicts({ enterprise: ctx.enterprise, each: (items) => ctx.each(items) }, { extensionAt })) ctx.diagnostics.push(d);
  },
};
