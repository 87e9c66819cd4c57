/** How a CSV cell converts to a model value. */
export type ColumnKind = 'string' | 'boolean' | 'number' | 'list' | 'secret';

/** One CSV column of the extension import: where its value goes in an {@link Extension}. */
export interface ExtensionColumn {
  /** Header name. */
  readonly name: string;
  /** Path of the field it fills, e.g. `['voicemail', 'pin']`. */
  readonly field: readonly string[];
  readonly kind: ColumnKind;
  /** Converts a FreePBX value to ACM's (e.g. `rfc2833` to `rfc4733`); undefined drops the cell. */
  readonly convert?: (value: string) => string | undefined;
}

const col = (name: string, field: string, kind: ColumnKind = 'string'): ExtensionColumn => ({ name, field: field.split('.'), kind });

/** ACM's own columns, in export order: the field paths of an extension, dotted. */
export const ACM_COLUMNS: readonly ExtensionColumn[] = [
  col('cluster', 'cluster'), col('number', 'number'), col('group', 'group'), col('name', 'name'), col('callerId', 'callerId'),
  col('authUser', 'authUser'), col('secret', 'secret', 'secret'), col('rightsProfile', 'rightsProfile'), col('accountcode', 'accountcode'),
  col('description', 'description'), col('voicemail.box', 'voicemail.box'), col('voicemail.pin', 'voicemail.pin', 'secret'),
  col('voicemail.email', 'voicemail.email'), col('callGroup', 'callGroup'), col('pickupGroup', 'pickupGroup'),
  col('callForward.always', 'callForward.always'), col('callForward.busy', 'callForward.busy'), col('callForward.noAnswer', 'callForward.noAnswer'),
  col('provisioning.mac', 'provisioning.mac'), col('provisioning.vendor', 'provisioning.vendor'), col('provisioning.model', 'provisioning.model'),
  col('provisioning.protocol', 'provisioning.protocol'), col('roaming', 'roaming', 'boolean'), col('standardNumber', 'standardNumber', 'boolean'),
  col('services.secretary', 'services.secretary'), col('services.blacklist', 'services.blacklist', 'list'),
  col('services.blockAnonymous', 'services.blockAnonymous', 'boolean'), col('services.outbound', 'services.outbound', 'list'),
  col('services.inbound', 'services.inbound', 'list'), col('blocked', 'blocked', 'boolean'), col('codecs', 'codecs', 'list'),
  col('dtmfMode', 'dtmfMode'), col('nat', 'nat', 'boolean'), col('directMedia', 'directMedia', 'boolean'), { name: 'transport', field: ['transport'], kind: 'string', convert: (v) => v.replace(/^(0\.0\.0\.0-|transport-)/, '') },
  col('encryption', 'encryption', 'boolean'), col('acl', 'acl'), col('language', 'language'), col('musicOnHold', 'musicOnHold'),
  col('directory', 'directory', 'boolean'), col('callLimit', 'callLimit', 'number'), col('qualifyFrequency', 'qualifyFrequency', 'number'),
  col('maxContacts', 'maxContacts', 'number'), col('ringSeconds', 'ringSeconds', 'number'), col('fallback', 'fallback'), col('amaflags', 'amaflags'),
];

/**
 * FreePBX Bulk Handler extension columns ACM maps (so a FreePBX export imports as is). Other
 * FreePBX columns whose names ACM shares (`name`, `description`, `secret`, `nat`, `transport`, `accountcode`) need no
 * entry here. Other FreePBX columns (tech, devicetype, sipname, ...) are reported as unknown (a warning) and ignored.
 */
export const FREEPBX_COLUMNS: readonly ExtensionColumn[] = [
  col('extension', 'number'),
  col('outboundcid', 'callerId'),
  col('voicemail_vmpwd', 'voicemail.pin', 'secret'),
  col('voicemail_email', 'voicemail.email'),
  col('callgroup', 'callGroup'),
  col('pickupgroup', 'pickupGroup'),
  { name: 'dtmfmode', field: ['dtmfMode'], kind: 'string', convert: (v) => (v === 'rfc2833' ? 'rfc4733' : v) },
  { name: 'allow', field: ['codecs'], kind: 'list', convert: (v) => v.replace(/&/g, ',') },
  { name: 'media_encryption', field: ['encryption'], kind: 'boolean', convert: (v) => (v === 'no' || v === '' ? 'no' : 'yes') },
  col('max_contacts', 'maxContacts', 'number'),
  { name: 'ringtimer', field: ['ringSeconds'], kind: 'number', convert: (v) => (v === '0' ? undefined : v) },
  col('mohclass', 'musicOnHold'),
  col('langcode', 'language'),
  { name: 'context', field: ['rightsProfile'], kind: 'string', convert: (v) => (v === 'from-internal' ? undefined : v) },
  { name: 'voicemail', field: ['voicemail', 'box'], kind: 'string', convert: () => undefined },
];

/** The `action` column (ACM and FreePBX spell it the same): add, edit or del. */
export const ACTION_COLUMN = 'action';

/** Every column the importer knows, by header name. */
export const EXTENSION_COLUMNS: ReadonlyMap<string, ExtensionColumn> = new Map([...FREEPBX_COLUMNS, ...ACM_COLUMNS].map((c) => [c.name, c]));
