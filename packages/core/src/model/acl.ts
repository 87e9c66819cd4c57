import { arr, obj, opt, str, type Schema } from '../schema/schema.js';

/** A named access list (Asterisk `acl.conf`): networks allowed and denied. */
export interface Acl {
  /** The ACL name Asterisk refers to, e.g. `internal_phones`. */
  readonly id: string;
  readonly description?: string;
  /** Networks allowed, e.g. `10.10.10.0/255.255.255.0`. */
  readonly permit: readonly string[];
  /** Networks denied before the permits apply; default everything (`0.0.0.0/0.0.0.0`). */
  readonly deny?: readonly string[];
}

/** Schema of {@link Acl}. */
export const ACL_SCHEMA: Schema<Acl> = obj<Acl>('an access list')({
  id: str({ format: 'id' }),
  description: opt(str()),
  permit: arr(str({ format: 'network' })),
  deny: opt(arr(str({ format: 'network' }))),
});
