import { arr, obj, oneOf, opt, str, type Schema } from '../schema/schema.js';
import { ACCOUNT_SCHEMA, type Account } from './account.js';
import { ACL_SCHEMA, type Acl } from './acl.js';
import { BUSINESS_HOURS_SCHEMA, type BusinessHoursRule } from './business-hours.js';
import { CAMPAIGN_SCHEMA, type Campaign } from './campaign.js';
import { CLUSTER_SCHEMA, type Cluster } from './cluster.js';
import { CONFERENCE_SCHEMA, type Conference } from './conference.js';
import { CALL_CLASS_SCHEMA, FEATURE_CODES_SCHEMA, RIGHTS_PROFILE_SCHEMA, type CallClass, type FeatureCodes, type RightsProfile } from './dialing.js';
import { EXTENSION_SCHEMA, type Extension } from './extension.js';
import { FAX_USER_SCHEMA, type FaxUser } from './fax-user.js';
import { GROUP_SCHEMA, type Group } from './group.js';
import { HOT_DESK_SCHEMA, type HotDesk } from './hot-desk.js';
import { MUSIC_ON_HOLD_SCHEMA, type MusicOnHoldClass } from './music-on-hold.js';
import { NUMBER_PLAN_SCHEMA, type NumberPlan } from './number-plan.js';
import { POLICY_SCHEMA, type ValidationPolicy } from './policy.js';
import { QUEUE_SCHEMA, type Queue } from './queue.js';
import { REPLICATION_SCHEMA, type ReplicationTopology } from './replication.js';
import { SITE_SCHEMA, type Site } from './site.js';
import { TRUNK_SCHEMA, type Trunk } from './trunk.js';

/** The collections of an enterprise, in the order files and docs present them. */
export const COLLECTIONS = [
  'sites', 'clusters', 'replication', 'callClasses', 'rightsProfiles', 'groups', 'extensions', 'trunks', 'acls',
  'businessHours', 'queues', 'hotDesks', 'conferences', 'faxUsers', 'campaigns', 'accounts',
] as const;

/** Name of one collection of the enterprise (`extensions`, `trunks`, ...). */
export type CollectionName = (typeof COLLECTIONS)[number];

/**
 * A whole enterprise of Asterisk clusters as one model: plain, typed, serialisable data.
 * Every collection is present (possibly empty); ids are the user's own strings.
 */
export interface Enterprise {
  readonly name: string;
  /** Corporate domain, e.g. `enterprise.net`. */
  readonly domain?: string;
  /** central: one CMS for the whole enterprise; distributed: each site manages itself. */
  readonly topology: 'central' | 'distributed';
  readonly sites: readonly Site[];
  readonly clusters: readonly Cluster[];
  readonly replication: readonly ReplicationTopology[];
  readonly callClasses: readonly CallClass[];
  readonly rightsProfiles: readonly RightsProfile[];
  readonly groups: readonly Group[];
  readonly extensions: readonly Extension[];
  readonly trunks: readonly Trunk[];
  readonly acls: readonly Acl[];
  readonly businessHours: readonly BusinessHoursRule[];
  readonly queues: readonly Queue[];
  readonly hotDesks: readonly HotDesk[];
  readonly conferences: readonly Conference[];
  readonly faxUsers: readonly FaxUser[];
  readonly campaigns: readonly Campaign[];
  readonly accounts: readonly Account[];
  readonly features?: FeatureCodes;
  /** Music-on-hold classes (`musiconhold.conf`); `default` (files in `moh`) is added when not declared. */
  readonly musicOnHold?: readonly MusicOnHoldClass[];
  /** Caller numbers or Asterisk patterns blocked for everybody (the talk's global blacklist). */
  readonly blacklist?: readonly string[];
  readonly numberPlan?: NumberPlan;
  readonly policy?: ValidationPolicy;
}

/** An enterprise as written in a file: every collection may be left out. */
export type EnterpriseDocument = Partial<Pick<Enterprise, CollectionName>> & Omit<Enterprise, CollectionName>;

/** Schema of an enterprise document. */
export const ENTERPRISE_SCHEMA: Schema<EnterpriseDocument> = obj<EnterpriseDocument>('an enterprise')({
  name: str({ minLength: 1 }),
  domain: opt(str({ format: 'hostname' })),
  topology: oneOf(['central', 'distributed']),
  sites: opt(arr(SITE_SCHEMA)),
  clusters: opt(arr(CLUSTER_SCHEMA)),
  replication: opt(arr(REPLICATION_SCHEMA)),
  callClasses: opt(arr(CALL_CLASS_SCHEMA)),
  rightsProfiles: opt(arr(RIGHTS_PROFILE_SCHEMA)),
  groups: opt(arr(GROUP_SCHEMA)),
  extensions: opt(arr(EXTENSION_SCHEMA)),
  trunks: opt(arr(TRUNK_SCHEMA)),
  acls: opt(arr(ACL_SCHEMA)),
  businessHours: opt(arr(BUSINESS_HOURS_SCHEMA)),
  queues: opt(arr(QUEUE_SCHEMA)),
  hotDesks: opt(arr(HOT_DESK_SCHEMA)),
  conferences: opt(arr(CONFERENCE_SCHEMA)),
  faxUsers: opt(arr(FAX_USER_SCHEMA)),
  campaigns: opt(arr(CAMPAIGN_SCHEMA)),
  accounts: opt(arr(ACCOUNT_SCHEMA)),
  features: opt(FEATURE_CODES_SCHEMA),
  musicOnHold: opt(arr(MUSIC_ON_HOLD_SCHEMA)),
  blacklist: opt(arr(str({ minLength: 1 }))),
  numberPlan: opt(NUMBER_PLAN_SCHEMA),
  policy: opt(POLICY_SCHEMA),
});

/** Fills in the collections a document left out, giving a complete {@link Enterprise}. */
export function normalizeEnterprise(doc: EnterpriseDocument): Enterprise {
  const out: Record<string, unknown> = { ...doc };
  for (const c of COLLECTIONS) if (out[c] === undefined) out[c] = [];
  return out as unknown as Enterprise;
}
