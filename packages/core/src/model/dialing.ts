import { arr, bool, obj, oneOf, opt, str, type Schema } from '../schema/schema.js';

/** One outbound pattern of a call class, valid on the listed sites (all sites when omitted). */
export interface CallClassPattern {
  /** Asterisk pattern as dialled by users, outside-line prefix included, e.g. `_9NXXNXXXXXX`. */
  readonly pattern: string;
  readonly sites?: readonly string[];
}

/**
 * A class of outbound calls (local, national, mobile, international, emergency, premium...)
 * and the patterns that belong to it. `internal` calls are the enterprise's own numbers and need
 * no patterns.
 */
export interface CallClass {
  readonly id: string;
  readonly description?: string;
  readonly patterns: readonly CallClassPattern[];
  /** Emergency classes are included in every rights profile, blocked or not. */
  readonly emergency?: boolean;
}

/** Features a rights profile may grant. */
export const FEATURES = ['voicemail', 'directory', 'hotdesk-login', 'pickup', 'conference', 'queue-login', 'parking', 'intercom', 'spy'] as const;
/** A feature a rights profile may grant (see {@link FEATURES}). */
export type Feature = (typeof FEATURES)[number];

/**
 * A rights profile: the Asterisk context users get (USSales1, TechSupport, hotdesk) and which call
 * classes and features it may use.
 */
export interface RightsProfile {
  /** The context name, e.g. `USSales1`. */
  readonly id: string;
  readonly description?: string;
  /** Call class ids this context may dial, `internal` for the enterprise's own numbers. */
  readonly callClasses: readonly string[];
  readonly features?: readonly Feature[];
}

/** Dialable feature codes, the same on every cluster. */
export interface FeatureCodes {
  /** Own voicemail box, default `*97`. */
  readonly voicemail?: string;
  /** Any voicemail box (asks for the number), default `*98`. */
  readonly voicemailMain?: string;
  /** Corporate directory, default `411` (the guide). */
  readonly directory?: string;
  /** Hot-desk login, default `*11`. */
  readonly hotDeskLogin?: string;
  /** Hot-desk logout, default `*12`. */
  readonly hotDeskLogout?: string;
  /** Directed call pickup prefix (pattern `code` + extension), default `*8`. */
  readonly pickup?: string;
  /** Agent queue login/logout toggle, default `*45`. */
  readonly queueToggle?: string;
  /** Call parking lot, default `700`; its slots are `701`-`720`. */
  readonly parking?: string;
  /** Intercom prefix (pattern `code` + extension: the phone answers on its speaker), default `*90`. */
  readonly intercom?: string;
  /** Listen-in prefix (pattern `code` + extension: ChanSpy on the phone's call), default `*91`. */
  readonly spy?: string;
}

/** The default feature codes. */
export const DEFAULT_FEATURE_CODES: Required<FeatureCodes> = {
  voicemail: '*97',
  voicemailMain: '*98',
  directory: '411',
  hotDeskLogin: '*11',
  hotDeskLogout: '*12',
  pickup: '*8',
  queueToggle: '*45',
  parking: '700',
  intercom: '*90',
  spy: '*91',
};

/** Schema of {@link CallClass}. */
export const CALL_CLASS_SCHEMA: Schema<CallClass> = obj<CallClass>('a call class')({
  id: str({ format: 'id' }),
  description: opt(str()),
  patterns: arr(obj<CallClassPattern>('a call-class pattern')({ pattern: str({ minLength: 1 }), sites: opt(arr(str({ format: 'id' }))) })),
  emergency: opt(bool()),
});

/** Schema of {@link RightsProfile}. */
export const RIGHTS_PROFILE_SCHEMA: Schema<RightsProfile> = obj<RightsProfile>('a rights profile')({
  id: str({ format: 'context' }),
  description: opt(str()),
  callClasses: arr(str({ format: 'id' })),
  features: opt(arr(oneOf(FEATURES))),
});

const CODE = str({ format: 'exten' });
/** Schema of {@link FeatureCodes}. */
export const FEATURE_CODES_SCHEMA: Schema<FeatureCodes> = obj<FeatureCodes>('feature codes')({
  voicemail: opt(CODE),
  voicemailMain: opt(CODE),
  directory: opt(CODE),
  hotDeskLogin: opt(CODE),
  hotDeskLogout: opt(CODE),
  pickup: opt(CODE),
  queueToggle: opt(CODE),
  parking: opt(CODE),
  intercom: opt(CODE),
  spy: opt(CODE),
});
