import type { Enterprise } from './enterprise.js';
import type { DTMF_MODES, Extension, ExtensionSettings } from './extension.js';
import type { ExtensionTemplate, Group } from './group.js';
import type { Secret } from './secret.js';

/** Where an effective setting of an extension came from. */
export type SettingOrigin = 'extension' | 'group' | 'default';

/** A resolved setting and its origin. */
export interface Resolved<T> {
  readonly value: T;
  readonly from: SettingOrigin;
}

/** The voicemail box an extension ends up with. */
export interface EffectiveVoicemail {
  /** Box number (the extension's number for a box the group template gives). */
  readonly box: string;
  /** The PIN; undefined when the model gives none (a template box never has one). */
  readonly pin?: Secret;
  readonly email?: string;
  /** Where the e-mail address came from (the template's `voicemailEmailDomain` gives `<number>@<domain>`). */
  readonly emailFrom: SettingOrigin;
}

/** The value every setting takes when neither the extension nor its group's template sets it. */
export const EXTENSION_DEFAULTS = {
  codecs: ['ulaw', 'alaw'] as readonly string[],
  dtmfMode: 'rfc4733' as (typeof DTMF_MODES)[number],
  nat: false,
  directMedia: false,
  encryption: false,
  directory: true,
  callLimit: 4,
  qualifyFrequency: 60,
  maxContacts: 1,
  ringSeconds: 20,
  fallback: 'none' as 'none' | 'dns-srv',
} as const;

/**
 * Every setting of an extension once its group (the group's own fields and its extension template)
 * and the defaults are applied, each with where it came from. The one place that answers "what
 * does this phone get": render, the number space, validation, the roaming view and the AMI
 * simulator all read it.
 */
export interface EffectiveExtension {
  readonly extension: Extension;
  /** The extension's group, undefined when the model has no such group. */
  readonly group: Group | undefined;
  /** Rights profile: the extension's, else the group's; undefined when neither sets one. */
  readonly rightsProfile: Resolved<string | undefined>;
  /**
   * The dialplan context the phone's calls start in: `acm-blocked` for a blocked account,
   * `acm-user-<number>` for one with its own outbound list, else the rights profile, else `default`.
   */
  readonly context: string;
  readonly accountcode: Resolved<string | undefined>;
  readonly callGroup: Resolved<string | undefined>;
  readonly pickupGroup: Resolved<string | undefined>;
  /** The voicemail box: the extension's own, else one the template's `voicemail: true` gives (box = number). */
  readonly voicemail: Resolved<EffectiveVoicemail | undefined>;
  readonly codecs: Resolved<readonly string[]>;
  readonly dtmfMode: Resolved<(typeof DTMF_MODES)[number]>;
  readonly nat: Resolved<boolean>;
  readonly directMedia: Resolved<boolean>;
  /** The transport as declared (undefined: any transport of the cluster). */
  readonly transport: Resolved<'udp' | 'tcp' | 'tls' | undefined>;
  readonly encryption: Resolved<boolean>;
  /** The signalling transport the phone uses: `tls` when encrypted, else the declared one. */
  readonly sipTransport: 'udp' | 'tcp' | 'tls' | undefined;
  readonly acl: Resolved<string | undefined>;
  readonly language: Resolved<string | undefined>;
  readonly musicOnHold: Resolved<string | undefined>;
  readonly directory: Resolved<boolean>;
  readonly callLimit: Resolved<number>;
  readonly qualifyFrequency: Resolved<number>;
  readonly maxContacts: Resolved<number>;
  readonly ringSeconds: Resolved<number>;
  readonly fallback: Resolved<'none' | 'dns-srv'>;
  readonly amaflags: Resolved<ExtensionSettings['amaflags']>;
}

/** Groups by id, or an enterprise to look them up in. */
export type GroupSource = Enterprise | ReadonlyMap<string, Group>;

function templateOf(group: Group | undefined): ExtensionTemplate | undefined {
  const t = group?.template;
  return typeof t === 'object' && t !== null ? t : undefined;
}

function pick<T>(own: T | undefined, group: T | undefined): Resolved<T | undefined>;
function pick<T>(own: T | undefined, group: T | undefined, fallback: T): Resolved<T>;
function pick<T>(own: T | undefined, group: T | undefined, fallback?: T): Resolved<T | undefined> {
  if (own !== undefined) return { value: own, from: 'extension' };
  if (group !== undefined) return { value: group, from: 'group' };
  return { value: fallback, from: 'default' };
}

function voicemailOf(x: Extension, template: ExtensionTemplate | undefined): Resolved<EffectiveVoicemail | undefined> {
  const domain = typeof template?.voicemailEmailDomain === 'string' ? template.voicemailEmailDomain : undefined;
  const templateEmail = domain === undefined ? {} : { email: `${x.number}@${domain}`, emailFrom: 'group' as const };
  const own = x.voicemail;
  if (typeof own === 'object' && own !== null) {
    const email = own.email !== undefined ? { email: own.email, emailFrom: 'extension' as const } : { emailFrom: 'default' as const, ...templateEmail };
    return { value: { box: own.box, ...(own.pin === undefined ? {} : { pin: own.pin }), ...email }, from: 'extension' };
  }
  if (template?.voicemail === true) return { value: { box: x.number, emailFrom: 'default', ...templateEmail }, from: 'group' };
  return { value: undefined, from: 'default' };
}

/**
 * Resolves the effective settings of one extension (see {@link EffectiveExtension}): the extension's
 * own value wins, then its group's (`rightsProfile`, `accountcode`, `callGroup`, `pickupGroup` from
 * the group, the phone settings from its `template`), then {@link EXTENSION_DEFAULTS}. Pure; never
 * throws for an unknown group (every setting then comes from the extension or the defaults).
 * For many extensions use {@link extensionResolver}, which indexes the groups once.
 *
 * @example
 * ```ts
 * const x = effectiveExtension(enterprise, enterprise.extensions[0]!);
 * x.codecs;    // { value: ['g722', 'ulaw'], from: 'group' }
 * x.voicemail; // { value: { box: '6101', emailFrom: 'group', email: '6101@enterprise.net' }, from: 'group' }
 * ```
 */
export function effectiveExtension(groups: GroupSource, extension: Extension): EffectiveExtension {
  const group = groups instanceof Map ? groups.get(extension.group) : (Array.isArray((groups as Enterprise).groups) ? (groups as Enterprise).groups.find((g) => g?.id === extension.group) : undefined);
  return resolve(extension, group);
}

/** A resolver of many extensions of one enterprise: the groups are indexed once (the first group of an id wins). */
export function extensionResolver(groups: GroupSource): (extension: Extension) => EffectiveExtension {
  let byId: ReadonlyMap<string, Group>;
  if (groups instanceof Map) byId = groups;
  else {
    const m = new Map<string, Group>();
    for (const g of Array.isArray((groups as Enterprise).groups) ? (groups as Enterprise).groups : []) if (typeof g?.id === 'string' && !m.has(g.id)) m.set(g.id, g);
    byId = m;
  }
  return (extension) => resolve(extension, byId.get(extension.group));
}

function resolve(x: Extension, group: Group | undefined): EffectiveExtension {
  const t = templateOf(group);
  const D = EXTENSION_DEFAULTS;
  const rightsProfile = pick(x.rightsProfile, group?.rightsProfile);
  const encryption = pick(x.encryption, t?.encryption, D.encryption);
  const transport = pick(x.transport, t?.transport);
  const context = x.blocked === true ? 'acm-blocked' : x.services?.outbound ? `acm-user-${x.number}` : rightsProfile.value ?? 'default';
  return {
    extension: x, group, rightsProfile, context,
    accountcode: pick(x.accountcode, group?.accountcode),
    callGroup: pick(x.callGroup, group?.callGroup),
    pickupGroup: pick(x.pickupGroup, group?.pickupGroup),
    voicemail: voicemailOf(x, t),
    codecs: pick(x.codecs, t?.codecs, D.codecs),
    dtmfMode: pick(x.dtmfMode, t?.dtmfMode, D.dtmfMode),
    nat: pick(x.nat, t?.nat, D.nat),
    directMedia: pick(x.directMedia, t?.directMedia, D.directMedia),
    transport, encryption,
    sipTransport: encryption.value ? 'tls' : transport.value,
    acl: pick(x.acl, t?.acl),
    language: pick(x.language, t?.language),
    musicOnHold: pick(x.musicOnHold, t?.musicOnHold),
    directory: pick(x.directory, t?.directory, D.directory),
    callLimit: pick(x.callLimit, t?.callLimit, D.callLimit),
    qualifyFrequency: pick(x.qualifyFrequency, t?.qualifyFrequency, D.qualifyFrequency),
    maxContacts: pick(x.maxContacts, t?.maxContacts, D.maxContacts),
    ringSeconds: pick(x.ringSeconds, t?.ringSeconds, D.ringSeconds),
    fallback: pick(x.fallback, t?.fallback, D.fallback),
    amaflags: pick(x.amaflags, t?.amaflags),
  };
}
