import { arr, bool, num, obj, oneOf, opt, str, type Schema } from '../schema/schema.js';
import { SECRET_SCHEMA, type Secret } from './secret.js';

/** DTMF modes chan_pjsip accepts. */
export const DTMF_MODES = ['rfc4733', 'inband', 'info', 'auto', 'auto_info'] as const;
/** Phone vendors ACM provisions by MAC. */
export const PHONE_VENDORS = ['snom', 'yealink', 'polycom', 'cisco', 'grandstream', 'digium'] as const;

/** Settings an extension may set and a group template may default (the guide's 4.0.4 fields). */
export interface ExtensionSettings {
  /** Allowed codecs in order of preference (`disallow=all` first), e.g. `['g722', 'ulaw']`. */
  readonly codecs?: readonly string[];
  readonly dtmfMode?: (typeof DTMF_MODES)[number];
  /** Phone behind NAT: rewrite contact, force rport, symmetric RTP. Default false. */
  readonly nat?: boolean;
  /** Let media flow directly between phones (`canreinvite` of old). Default false. */
  readonly directMedia?: boolean;
  readonly transport?: 'udp' | 'tcp' | 'tls';
  /** SRTP media encryption (requires TLS signalling). Default false. */
  readonly encryption?: boolean;
  /** Named ACL limiting where the phone may register from. */
  readonly acl?: string;
  /** Two-letter language of prompts, e.g. `en`. */
  readonly language?: string;
  readonly musicOnHold?: string;
  /** Listed in the corporate directory (dial 411). Default true. */
  readonly directory?: boolean;
  /** Concurrent calls before the phone reports busy. Default 4 (the guide). */
  readonly callLimit?: number;
  /** Seconds between qualify OPTIONS, 0 to disable. */
  readonly qualifyFrequency?: number;
  /** Phones that may register to this extension at once. Default 1. */
  readonly maxContacts?: number;
  /** Seconds to ring before voicemail or the no-answer forward. Default 20. */
  readonly ringSeconds?: number;
  /** What phones do when the cluster is gone: `dns-srv` (next cluster in SRV) or `none`. */
  readonly fallback?: 'none' | 'dns-srv';
  readonly amaflags?: 'default' | 'omit' | 'billing' | 'documentation';
}

/** A voicemail box. Configure it only on the user's home cluster (the guide, 3.0.6). */
export interface Voicemail {
  /** Box number, usually the extension number. */
  readonly box: string;
  readonly pin?: Secret;
  readonly email?: string;
}

/** Call forwarding: unconditional (`always`), on busy, or after `noAnswerSeconds`. */
export interface CallForward {
  readonly always?: string;
  readonly busy?: string;
  readonly noAnswer?: string;
}

/** Automatic phone provisioning by MAC address. */
export interface Provisioning {
  readonly mac: string;
  readonly vendor: (typeof PHONE_VENDORS)[number];
  /** Vendor model, e.g. `710` for a Snom 710, `T46U`, `VVX411`, `SPA112`. */
  readonly model?: string;
  readonly protocol?: 'SIP' | 'IAX';
}

/** Per-user services of the university talk. */
export interface UserServices {
  /** Calls to this user (the boss) ring the secretary's extension first. */
  readonly secretary?: string;
  /** Caller numbers (or Asterisk patterns) this user never wants to hear from. */
  readonly blacklist?: readonly string[];
  /** Reject calls without caller id. */
  readonly blockAnonymous?: boolean;
  /** Outbound call classes the user may dial; overrides the rights profile's list when set. */
  readonly outbound?: readonly string[];
  /** Who may call this user: internal callers, external callers, or both (default). */
  readonly inbound?: readonly ('internal' | 'external')[];
}

/** A user's extension on one cluster. The pair (cluster, number) is unique. */
export interface Extension extends ExtensionSettings {
  readonly number: string;
  readonly cluster: string;
  readonly group: string;
  /** Display name ("Alex Horn"), used by directory, wallboards and caller id. */
  readonly name: string;
  /** Caller id, default `"<name>" <<number>>`. */
  readonly callerId?: string;
  /** SIP auth user name, default the number. */
  readonly authUser?: string;
  readonly secret: Secret;
  /** Rights profile (context); default the group's. */
  readonly rightsProfile?: string;
  readonly accountcode?: string;
  /** Free text for reports ("full contact or description"). */
  readonly description?: string;
  readonly voicemail?: Voicemail;
  /** Call group numbers, e.g. `5` or `1,3-4`. */
  readonly callGroup?: string;
  /** Call groups this phone may pick up from. */
  readonly pickupGroup?: string;
  readonly callForward?: CallForward;
  readonly provisioning?: Provisioning;
  /** Advertise by DUNDi so other clusters reach this number (the user roams). */
  readonly roaming?: boolean;
  /** A standard number: the same number on several clusters by design (helpdesk, accounts). */
  readonly standardNumber?: boolean;
  readonly services?: UserServices;
  /** A blocked account can make no call at all (emergency excepted). */
  readonly blocked?: boolean;
}

/** Member schemas of {@link ExtensionSettings}, shared by extensions and group templates. */
export const EXTENSION_SETTINGS_SHAPE = {
  codecs: opt(arr(str({ format: 'codec' }), { minLength: 1 })),
  dtmfMode: opt(oneOf(DTMF_MODES)),
  nat: opt(bool()),
  directMedia: opt(bool()),
  transport: opt(oneOf(['udp', 'tcp', 'tls'])),
  encryption: opt(bool()),
  acl: opt(str({ format: 'id' })),
  language: opt(str({ minLength: 2, maxLength: 5 })),
  musicOnHold: opt(str({ format: 'id' })),
  directory: opt(bool()),
  callLimit: opt(num({ min: 1, max: 99 })),
  qualifyFrequency: opt(num({ min: 0, max: 86400 })),
  maxContacts: opt(num({ min: 1, max: 20 })),
  ringSeconds: opt(num({ min: 1, max: 600 })),
  fallback: opt(oneOf(['none', 'dns-srv'])),
  amaflags: opt(oneOf(['default', 'omit', 'billing', 'documentation'])),
} as const;

/** Schema of {@link Voicemail}. */
export const VOICEMAIL_SCHEMA: Schema<Voicemail> = obj<Voicemail>('a voicemail box')({
  box: str({ format: 'number' }),
  pin: opt(SECRET_SCHEMA),
  email: opt(str({ format: 'email' })),
});

const NUMBER = str({ format: 'exten' });

/** Schema of {@link Provisioning}. */
export const PROVISIONING_SCHEMA: Schema<Provisioning> = obj<Provisioning>('provisioning')({
  mac: str({ format: 'mac' }),
  vendor: oneOf(PHONE_VENDORS),
  model: opt(str({ minLength: 1 })),
  protocol: opt(oneOf(['SIP', 'IAX'])),
});

/** Schema of {@link Extension}. */
export const EXTENSION_SCHEMA: Schema<Extension> = obj<Extension>('an extension')({
  number: str({ format: 'exten' }),
  cluster: str({ format: 'id' }),
  group: str({ format: 'id' }),
  name: str({ minLength: 1, maxLength: 80 }),
  callerId: opt(str({ maxLength: 80 })),
  authUser: opt(str({ minLength: 1, maxLength: 80 })),
  secret: SECRET_SCHEMA,
  rightsProfile: opt(str({ format: 'context' })),
  accountcode: opt(str({ maxLength: 20 })),
  description: opt(str({ maxLength: 80 })),
  voicemail: opt(VOICEMAIL_SCHEMA),
  callGroup: opt(str({ format: 'callGroups' })),
  pickupGroup: opt(str({ format: 'callGroups' })),
  callForward: opt(obj<CallForward>('call forwarding')({ always: opt(NUMBER), busy: opt(NUMBER), noAnswer: opt(NUMBER) })),
  provisioning: opt(PROVISIONING_SCHEMA),
  roaming: opt(bool()),
  standardNumber: opt(bool()),
  services: opt(obj<UserServices>('user services')({
    secretary: opt(NUMBER),
    blacklist: opt(arr(str({ minLength: 1 }))),
    blockAnonymous: opt(bool()),
    outbound: opt(arr(str({ format: 'id' }))),
    inbound: opt(arr(oneOf(['internal', 'external']), { minLength: 1 })),
  })),
  blocked: opt(bool()),
  ...EXTENSION_SETTINGS_SHAPE,
});
