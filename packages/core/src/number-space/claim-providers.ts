import type { Enterprise } from '../model/enterprise.js';
import { DEFAULT_FEATURE_CODES, type Feature } from '../model/dialing.js';
import type { Extension } from '../model/extension.js';
import { EMERGENCY_CONTEXT, INTERNAL_CONTEXT, callClassContext, featureContext, type Claim } from './claim.js';

/** What a claim provider reads: the enterprise and a filter that skips items with a broken shape. */
export interface ClaimSource {
  readonly enterprise: Enterprise;
  /** The well-formed items of a list with their indexes (like `RuleContext.each`). */
  each<T>(items: readonly T[] | undefined): Iterable<[T, number]>;
}

/** Turns one kind of entity into claims. The number space is the union of every provider's claims. */
export interface ClaimProvider {
  readonly name: string;
  claims(source: ClaimSource, emit: (claim: Claim) => void): void;
}

const isStr = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** The claim of the extension at `index`: its number in the internal context of its cluster. */
export function extensionClaim(x: Extension, index: number): Claim {
  return { cluster: x.cluster, context: INTERNAL_CONTEXT, extension: x.number, kind: 'extension', owner: ['extensions', index], label: `extension ${x.number} (${String(x.name)})`, multiCluster: x.roaming === true || x.standardNumber === true };
}

/** Extensions, in the internal context of their cluster. */
const EXTENSIONS: ClaimProvider = {
  name: 'extensions',
  claims({ enterprise, each }, emit) {
    for (const [x, i] of each(enterprise.extensions)) {
      if (isStr(x.number) && isStr(x.cluster)) emit(extensionClaim(x, i));
    }
  },
};

/** Queues, conferences, hot-desk phones and FAX users' numbers, in the internal context. */
const SERVICES: ClaimProvider = {
  name: 'services',
  claims({ enterprise: e, each }, emit) {
    for (const [q, i] of each(e.queues)) {
      if (isStr(q.number) && isStr(q.cluster)) emit({ cluster: q.cluster, context: INTERNAL_CONTEXT, extension: q.number, kind: 'queue', owner: ['queues', i, 'number'], label: `queue ${q.id}` });
    }
    for (const [c, i] of each(e.conferences)) {
      if (isStr(c.number) && isStr(c.cluster)) emit({ cluster: c.cluster, context: INTERNAL_CONTEXT, extension: c.number, kind: 'conference', owner: ['conferences', i, 'number'], label: `conference ${c.number}` });
    }
    for (const [d, i] of each(e.hotDesks)) {
      if (isStr(d.number) && isStr(d.cluster)) emit({ cluster: d.cluster, context: INTERNAL_CONTEXT, extension: d.number, kind: 'hot-desk', owner: ['hotDesks', i, 'number'], label: `hot-desk phone ${d.name}` });
    }
    for (const [f, i] of each(e.faxUsers)) {
      if (!isStr(f.cluster) || !Array.isArray(f.numbers)) continue;
      f.numbers.forEach((n, j) => {
        if (isStr(n)) emit({ cluster: f.cluster, context: INTERNAL_CONTEXT, extension: n, kind: 'fax', owner: ['faxUsers', i, 'numbers', j], label: `FAX user ${f.id}` });
      });
    }
    const plan = e.numberPlan;
    if (plan !== undefined && plan !== null) {
      for (const [a, i] of each(plan.aliases)) {
        if (!isStr(a.number) || !isStr(a.cluster)) continue;
        const kind = a.service === 'FAX' ? 'fax-alias' : 'ivr-alias';
        emit({ cluster: a.cluster, context: INTERNAL_CONTEXT, extension: a.number, kind, owner: ['numberPlan', 'aliases', i], label: `${a.service}_${a.number} alias` });
      }
    }
  },
};

/** `_<code>X.`: a prefix code followed by an extension of at least two characters (pattern characters escaped). */
function prefixPattern(code: string): string {
  return `_${code.replace(/[XNZxnz.![\]\\-]/g, (c) => `[${c === ']' || c === '\\' || c === '-' ? `\\${c}` : c}]`)}X.`;
}

/** The feature codes of {@link FeatureCodes}, keyed by the feature a rights profile grants. */
const FEATURE_CODES: readonly { feature: Feature; key: keyof typeof DEFAULT_FEATURE_CODES; pattern?: (code: string) => string }[] = [
  { feature: 'voicemail', key: 'voicemail' },
  { feature: 'voicemail', key: 'voicemailMain' },
  { feature: 'directory', key: 'directory' },
  { feature: 'hotdesk-login', key: 'hotDeskLogin' },
  { feature: 'hotdesk-login', key: 'hotDeskLogout' },
  // Directed pickup: the code followed by an extension of at least two characters.
  { feature: 'pickup', key: 'pickup', pattern: (code) => prefixPattern(code) },
  { feature: 'queue-login', key: 'queueToggle' },
  // Intercom and listen-in: the code followed by an extension, like pickup.
  { feature: 'intercom', key: 'intercom', pattern: (code) => prefixPattern(code) },
  { feature: 'spy', key: 'spy', pattern: (code) => prefixPattern(code) },
  { feature: 'parking', key: 'parking' },
];

/** Parking slots after the lot number (`700` -> `701`-`720`). */
export const PARKING_SLOTS = 20;

/** Feature codes (one context per feature, on every cluster) and the parking lot with its slots. */
const FEATURES: ClaimProvider = {
  name: 'features',
  claims({ enterprise: e, each }, emit) {
    const codes = { ...DEFAULT_FEATURE_CODES, ...Object.fromEntries(Object.entries(e.features ?? {}).filter(([, v]) => isStr(v))) };
    for (const [cluster] of each(e.clusters)) {
      if (!isStr(cluster.id)) continue;
      for (const f of FEATURE_CODES) {
        const code = codes[f.key];
        if (!isStr(code)) continue;
        const owner = e.features?.[f.key] === undefined ? ['features'] : ['features', f.key];
        emit({ cluster: cluster.id, context: featureContext(f.feature), extension: f.pattern === undefined ? code : f.pattern(code), kind: f.feature === 'parking' ? 'parking' : 'feature', owner, label: `feature ${f.key}` });
        if (f.feature === 'parking' && /^[0-9]+$/.test(code)) {
          const width = code.length;
          for (let k = 1; k <= PARKING_SLOTS; k++) {
            const slot = String(Number(code) + k).padStart(width, '0');
            emit({ cluster: cluster.id, context: featureContext('parking'), extension: slot, kind: 'parking', owner, label: `parking slot ${slot}` });
          }
        }
      }
    }
  },
};

/**
 * Outbound patterns of call classes, per cluster (a pattern applies to the sites it lists), and the
 * sites' emergency numbers (with and without the outside-line prefix) that no emergency class
 * already routes.
 */
const ROUTES: ClaimProvider = {
  name: 'routes',
  claims({ enterprise: e, each }, emit) {
    const siteOf = new Map<string, string>();
    for (const [c] of each(e.clusters)) if (isStr(c.id)) siteOf.set(c.id, c.site);
    const sites = new Map<string, { dialing?: { emergencyNumbers?: readonly string[]; outsideLinePrefix?: string } }>();
    const siteIndex = new Map<string, number>();
    for (const [s, i] of each(e.sites)) if (isStr(s.id)) { sites.set(s.id, s); siteIndex.set(s.id, i); }
    for (const [cluster, site] of siteOf) {
      const routedEmergency = new Set<string>();
      for (const [cc, i] of each(e.callClasses)) {
        if (!isStr(cc.id) || cc.id === 'internal') continue;
        for (const [p, j] of each(cc.patterns)) {
          if (!isStr(p.pattern) || (Array.isArray(p.sites) && !p.sites.includes(site))) continue;
          if (cc.emergency === true) routedEmergency.add(p.pattern);
          emit({ cluster, context: callClassContext(cc.id), extension: p.pattern, kind: 'route', owner: ['callClasses', i, 'patterns', j, 'pattern'], label: `${cc.id} route ${p.pattern}` });
        }
      }
      const s = sites.get(site);
      const numbers = s?.dialing?.emergencyNumbers;
      if (!Array.isArray(numbers)) continue;
      const prefix = s?.dialing?.outsideLinePrefix ?? '';
      numbers.forEach((n, j) => {
        if (!isStr(n)) return;
        for (const dialed of prefix === '' ? [n] : [n, prefix + n]) {
          if (routedEmergency.has(dialed)) continue;
          emit({ cluster, context: EMERGENCY_CONTEXT, extension: dialed, kind: 'emergency', owner: ['sites', siteIndex.get(site) ?? 0, 'dialing', 'emergencyNumbers', j], label: `emergency number ${dialed}` });
        }
      });
    }
  },
};

/** The claim providers, in order. A new entity kind adds one entry here. */
export const CLAIM_PROVIDERS: readonly ClaimProvider[] = [EXTENSIONS, SERVICES, FEATURES, ROUTES];

/**
 * The providers of claims that can stand in a cluster's internal context (everything but the
 * outbound routes and emergency numbers): what another cluster must route to it.
 */
export const INTERNAL_CLAIM_PROVIDERS: readonly ClaimProvider[] = [EXTENSIONS, SERVICES, FEATURES];

/** Every claim of an enterprise, from every provider. */
export function collectClaims(source: ClaimSource, providers: readonly ClaimProvider[] = CLAIM_PROVIDERS): Claim[] {
  const out: Claim[] = [];
  for (const p of providers) p.claims(source, (c) => out.push(c));
  return out;
}

/** A {@link ClaimSource} over an enterprise that trusts every item (for already-validated models). */
export function trustedSource(enterprise: Enterprise): ClaimSource {
  return {
    enterprise,
    *each<T>(items: readonly T[] | undefined): Iterable<[T, number]> {
      if (!Array.isArray(items)) return;
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (typeof item === 'object' && item !== null) yield [item as T, i];
      }
    },
  };
}
