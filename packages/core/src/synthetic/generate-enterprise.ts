import type { CallClass, RightsProfile } from '../model/dialing.js';
import type { Cluster } from '../model/cluster.js';
import type { Enterprise } from '../model/enterprise.js';
import type { Extension } from '../model/extension.js';
import type { Group } from '../model/group.js';
import type { DialplanRule } from '../dialplan/opensips/dialplan-rule.js';
import type { Queue } from '../model/queue.js';
import type { Site } from '../model/site.js';
import type { Conference } from '../model/conference.js';
import type { Trunk } from '../model/trunk.js';
import { pinWeaknesses } from '../validate/rules/secrets.js';

/** A benchmark size of `shared/design/model.md`. */
export interface SyntheticSize {
  readonly name: string;
  readonly extensions: number;
  readonly clusters: number;
  readonly sites: number;
  readonly routePatterns: number;
  readonly regexRules: number;
}

/** The benchmark sizes S, M, L and XL, as the design fixes them so figures compare. */
export const SYNTHETIC_SIZES: Readonly<Record<'S' | 'M' | 'L' | 'XL', SyntheticSize>> = {
  S: { name: 'S', extensions: 1_000, clusters: 2, sites: 1, routePatterns: 50, regexRules: 10 },
  M: { name: 'M', extensions: 10_000, clusters: 4, sites: 2, routePatterns: 500, regexRules: 100 },
  L: { name: 'L', extensions: 100_000, clusters: 20, sites: 5, routePatterns: 5_000, regexRules: 1_000 },
  XL: { name: 'XL', extensions: 400_000, clusters: 40, sites: 10, routePatterns: 20_000, regexRules: 4_000 },
};

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const FIRST = ['Ada', 'Ben', 'Cleo', 'Dan', 'Eva', 'Finn', 'Gina', 'Hugo', 'Iris', 'Jon', 'Kim', 'Liam', 'Mia', 'Noah', 'Olga', 'Paul'];
const LAST = ['Reyes', 'Smith', 'Okafor', 'Rossi', 'Novak', 'Jansen', 'Clarke', 'Tanaka', 'Moreau', 'Silva', 'Khan', 'Berg'];

/** Options of {@link generateEnterprise}. */
export interface GenerateOptions {
  /**
   * Connect every pair of clusters with an IAX2 trunk pair, as an enterprise whose clusters can dial
   * each other has (default true). Without it every cluster reports `cluster.no-route` for the others.
   */
  readonly interSiteMesh?: boolean;
}

/** Numbers per cluster block: cluster k owns [100000 + k * BLOCK, 100000 + (k + 1) * BLOCK). */
const BLOCK = 20_000;

/**
 * A synthetic enterprise of the given size, the same for the same seed: extensions spread over
 * groups with number ranges, ~2 % roaming and ~1 % standard numbers (the same number on a second
 * cluster), one queue per 50 agents, one conference per 200 users, route patterns per site and
 * regex rules in the proxy number plan. It validates without errors.
 */
export function generateEnterprise(size: SyntheticSize, seed = 1, options: GenerateOptions = {}): Enterprise {
  const rnd = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const secret = (): string => {
    let s = '';
    for (let i = 0; i < 20; i++) s += ALPHABET[Math.floor(rnd() * ALPHABET.length)];
    return s;
  };
  const pin = (): string => {
    for (;;) {
      const p = String(100000 + Math.floor(rnd() * 899999));
      if (pinWeaknesses(p, 4, []).length === 0) return p;
    }
  };
  const sites: Site[] = [];
  for (let s = 0; s < size.sites; s++) {
    sites.push({ id: `site${s}`, name: `Site ${s}`, timezone: 'UTC', dialing: { countryCode: '1', outsideLinePrefix: '9', internationalPrefix: '011', nationalPrefix: '1', emergencyNumbers: ['911'] } });
  }
  const clusters: Cluster[] = [];
  for (let c = 0; c < size.clusters; c++) {
    const net = `10.${Math.floor(c / 200)}.${c % 200}`;
    clusters.push({
      id: `c${c}`,
      site: `site${c % size.sites}`,
      voiceVip: { address: `${net}.10`, interface: 'eth0' },
      dundiEid: `00:50:56:00:${(c >> 8).toString(16).padStart(2, '0')}:${(c & 255).toString(16).padStart(2, '0')}`,
      channelCapacity: 200,
      servers: [
        { id: `c${c}a`, hostname: `c${c}a.example.net`, address: `${net}.11`, role: 'primary' },
        { id: `c${c}b`, hostname: `c${c}b.example.net`, address: `${net}.12`, role: 'secondary' },
      ],
    });
  }
  // Call classes with the route patterns, spread over sites: distinct 4-digit prefixes.
  const perClass = Math.max(1, Math.floor(size.routePatterns / 2));
  const classes: CallClass[] = [
    { id: 'emergency', emergency: true, patterns: [{ pattern: '911' }, { pattern: '9911' }] },
    { id: 'national', patterns: [] },
    { id: 'international', patterns: [] },
  ];
  for (let i = 0; i < perClass; i++) {
    (classes[1]?.patterns as { pattern: string; sites?: string[] }[]).push({ pattern: `_91${2000 + i}NXXXXXX`, sites: [`site${i % size.sites}`] });
    (classes[2]?.patterns as { pattern: string; sites?: string[] }[]).push({ pattern: `_9011${100 + i}.`, sites: [`site${i % size.sites}`] });
  }
  const profiles: RightsProfile[] = [
    { id: 'staff', callClasses: ['internal', 'emergency', 'national'], features: ['voicemail', 'directory', 'pickup'] },
    { id: 'agents', callClasses: ['internal', 'emergency', 'national', 'international'], features: ['voicemail', 'directory', 'queue-login'] },
  ];
  const groups: Group[] = [];
  const extensions: Extension[] = [];
  const queues: Queue[] = [];
  const conferences: Conference[] = [];
  const trunks: Trunk[] = [];
  const perCluster = Math.ceil(size.extensions / size.clusters);
  const groupSize = 500;
  let made = 0;
  for (let c = 0; c < size.clusters && made < size.extensions; c++) {
    const cluster = `c${c}`;
    const base = 100000 + c * BLOCK;
    trunks.push({ id: 'ITSP', cluster, protocol: 'SIP', host: 'sip.itsp.example.net', channels: 60, callClasses: ['national', 'international'], auth: { username: `acct${c}`, secret: secret() } });
    const count = Math.min(perCluster, size.extensions - made);
    for (let g = 0; g * groupSize < count; g++) {
      const agents = g % 2 === 1;
      const id = `g${c}_${g}`;
      const from = base + g * groupSize;
      const n = Math.min(groupSize, count - g * groupSize);
      groups.push({ id, kind: agents ? 'agents' : 'users', rightsProfile: agents ? 'agents' : 'staff', ranges: [{ cluster, from: String(from), to: String(from + groupSize - 1) }], template: { codecs: ['g722', 'ulaw'] } });
      for (let k = 0; k < n; k++) {
        const number = String(from + k);
        extensions.push({ number, cluster, group: id, name: `${pick(FIRST)} ${pick(LAST)}`, secret: secret(), voicemail: { box: number, pin: pin() } });
        made++;
      }
      if (agents) {
        for (let q = 0; q * 50 < n; q++) {
          const members = [];
          for (let k = q * 50; k < Math.min(n, (q + 1) * 50); k++) members.push({ extension: String(from + k) });
          queues.push({ id: `q${c}_${g}_${q}`, number: String(base + 15000 + queues.length), cluster, group: id, strategy: 'rrmemory', members });
        }
      }
    }
  }
  // One conference per 200 users, on the users' clusters.
  for (let i = 0; i * 200 < made; i++) {
    const owner = extensions[i * 200] as Extension;
    const c = Number(owner.cluster.slice(1));
    conferences.push({ number: String(100000 + c * BLOCK + 18000 + i), cluster: owner.cluster, group: owner.group, start: '2026-01-05 09:00:00', recurrence: 'weekly', maxUsers: 20, pin: pin() });
  }
  // ~2 % roaming and ~1 % standard numbers: the same number again on the next cluster.
  if (size.clusters > 1) {
    const original = extensions.length;
    for (let i = 0; i < original; i++) {
      const r = rnd();
      if (r >= 0.03) continue;
      const x = extensions[i] as Extension;
      const next = `c${(Number(x.cluster.slice(1)) + 1) % size.clusters}`;
      const roaming = r < 0.02;
      const flag = roaming ? { roaming: true } : { standardNumber: true };
      extensions[i] = { ...x, ...flag };
      const copy: Extension = { number: x.number, cluster: next, group: x.group, name: x.name, secret: secret(), ...flag };
      extensions.push(copy);
      const group = groups.find((g) => g.id === x.group);
      if (group !== undefined && !group.ranges?.some((rg) => rg.cluster === next)) {
        (group.ranges as { cluster: string; from: string; to: string }[]).push({ cluster: next, from: group.ranges?.[0]?.from ?? x.number, to: group.ranges?.[0]?.to ?? x.number });
      }
    }
  }
  // The proxy classifies the internal 6-digit numbers and the emergency number first, then
  // outside numbers (0 + a 4-digit prefix + 4-7 digits) by regex.
  if (options.interSiteMesh ?? true) {
    for (const a of clusters) {
      for (const b of clusters) {
        // The convention of inter-site pairs: present the id of the trunk back, share one secret.
        if (a.id !== b.id) trunks.push({ id: `IAX-${b.id}`, cluster: a.id, protocol: 'IAX', peerCluster: b.id, channels: 30, auth: { username: `IAX-${a.id}`, secret: `mesh-${[a.id, b.id].sort().join('-')}-${seed}` } });
      }
    }
  }
  const rules: DialplanRule[] = [
    { id: 1, dpid: 0, pr: 0, matchOp: 1, matchExp: '^[1-9][0-9]{5}$', matchFlags: 0, disabled: false, attrs: 'voip' },
    { id: 2, dpid: 0, pr: 0, matchOp: 0, matchExp: '911', matchFlags: 0, disabled: false, attrs: 'emergency' },
  ];
  for (let i = 0; i < size.regexRules - 2; i++) {
    const prefix = String(3000 + i);
    rules.push({ id: i + 3, dpid: 0, pr: 1 + (i % 3), matchOp: 1, matchExp: `^0${prefix}[0-9]{${4 + (i % 4)}}$`, matchFlags: 0, disabled: false, attrs: i % 2 === 0 ? 'national' : 'mobile' });
  }
  return {
    name: `Synthetic ${size.name}`,
    topology: 'central',
    sites,
    clusters,
    replication: [],
    callClasses: classes,
    rightsProfiles: profiles,
    groups,
    extensions,
    trunks,
    acls: [],
    businessHours: [],
    queues,
    hotDesks: [],
    conferences,
    faxUsers: [],
    campaigns: [],
    accounts: [],
    numberPlan: { rules },
  };
}
