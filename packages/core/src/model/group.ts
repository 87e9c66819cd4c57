import { arr, bool, num, obj, oneOf, opt, str, type Schema } from '../schema/schema.js';
import { EXTENSION_SETTINGS_SHAPE, type ExtensionSettings } from './extension.js';

/** Defaults for the extensions of a group: what a batch creates (the guide's "Batch Group Template"). */
export interface ExtensionTemplate extends ExtensionSettings {
  /** Name given to new extensions; `{number}` is replaced, e.g. `USSales {number}`. */
  readonly namePattern?: string;
  /** Create a voicemail box (box = number) on the home cluster. Default true. */
  readonly voicemail?: boolean;
  /** Domain for voicemail e-mail: `<number>@<domain>`. */
  readonly voicemailEmailDomain?: string;
}

/** A range of numbers a group may use on one cluster, both ends included. */
export interface NumberRange {
  readonly cluster: string;
  readonly from: string;
  readonly to: string;
}

/** Kinds of group. */
export const GROUP_KINDS = ['users', 'agents', 'department', 'hotdesk', 'roaming', 'trunks'] as const;

/** A user, agent, department or hot-desk group (USSales, IT, hotdesk), or a trunk group. */
export interface Group {
  readonly id: string;
  readonly name?: string;
  readonly kind: (typeof GROUP_KINDS)[number];
  readonly accountcode?: string;
  /** Rights profile (context) members get unless they override it. */
  readonly rightsProfile?: string;
  readonly callGroup?: string;
  readonly pickupGroup?: string;
  readonly template?: ExtensionTemplate;
  /** Numbers the group may use, per cluster. A group without ranges may use any number. */
  readonly ranges?: readonly NumberRange[];
  /** Inbound number of the group (routed by business hours), e.g. a sales line. */
  readonly number?: string;
  /** Where callers go when the group is closed: a voicemail box, or an extension/queue number. */
  readonly closedDestination?: string;
  /** Members are agents logged into queues (wallboard columns). */
  readonly wallboard?: boolean;
  /** Seconds an agent may stay in wrap-up. */
  readonly wrapUpSeconds?: number;
}

/** Schema of {@link Group}. */
export const GROUP_SCHEMA: Schema<Group> = obj<Group>('a group')({
  id: str({ format: 'id' }),
  name: opt(str()),
  kind: oneOf(GROUP_KINDS),
  accountcode: opt(str({ maxLength: 20 })),
  rightsProfile: opt(str({ format: 'context' })),
  callGroup: opt(str({ format: 'callGroups' })),
  pickupGroup: opt(str({ format: 'callGroups' })),
  template: opt(obj<ExtensionTemplate>('an extension template')({
    namePattern: opt(str({ minLength: 1 })),
    voicemail: opt(bool()),
    voicemailEmailDomain: opt(str({ format: 'hostname' })),
    ...EXTENSION_SETTINGS_SHAPE,
  })),
  ranges: opt(arr(obj<NumberRange>('a number range')({ cluster: str({ format: 'id' }), from: str({ format: 'number' }), to: str({ format: 'number' }) }))),
  number: opt(str({ format: 'exten' })),
  closedDestination: opt(str({ format: 'exten' })),
  wallboard: opt(bool()),
  wrapUpSeconds: opt(num({ min: 0, max: 3600 })),
});
