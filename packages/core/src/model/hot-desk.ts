import { obj, opt, str, type Schema } from '../schema/schema.js';
import { SECRET_SCHEMA, type Secret } from './secret.js';
import { PROVISIONING_SCHEMA, type Provisioning } from './extension.js';

/**
 * A hot-desk phone: basic rights (local and emergency calls) until a user logs in with the
 * hot-desk login code; then the user's profile applies.
 */
export interface HotDesk {
  /** Number of the phone itself, e.g. `5811`. */
  readonly number: string;
  readonly cluster: string;
  /** Telephone name, e.g. `tpa-hotdesk-1`. */
  readonly name: string;
  readonly location?: string;
  readonly secret: Secret;
  /** Rights profile before login; default `hotdesk`. */
  readonly rightsProfile?: string;
  readonly group?: string;
  readonly provisioning?: Provisioning;
}

/** Schema of {@link HotDesk}. */
export const HOT_DESK_SCHEMA: Schema<HotDesk> = obj<HotDesk>('a hot-desk phone')({
  number: str({ format: 'exten' }),
  cluster: str({ format: 'id' }),
  name: str({ format: 'id' }),
  location: opt(str()),
  secret: SECRET_SCHEMA,
  rightsProfile: opt(str({ format: 'context' })),
  group: opt(str({ format: 'id' })),
  provisioning: opt(PROVISIONING_SCHEMA),
});
