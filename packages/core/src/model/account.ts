import { arr, obj, oneOf, opt, str, type Schema } from '../schema/schema.js';

/** Roles of console accounts. */
export const ROLES = ['administrator', 'helpdesk', 'supervisor', 'noc'] as const;

/** A console account. Only a password hash is ever stored. */
export interface Account {
  readonly username: string;
  readonly name?: string;
  /** administrator: everything; helpdesk: users and extensions; supervisor: its groups' status; noc: read-only. */
  readonly role: (typeof ROLES)[number];
  /** Groups a supervisor or helpdesk account is limited to (all when omitted). */
  readonly groups?: readonly string[];
  /** Clusters a supervisor or helpdesk account is limited to (all when omitted). */
  readonly clusters?: readonly string[];
  /** `scrypt$N$r$p$salt$hash`, as made by `hashPassword`. */
  readonly passwordHash: string;
}

/** Schema of {@link Account}. */
export const ACCOUNT_SCHEMA: Schema<Account> = obj<Account>('a console account')({
  username: str({ format: 'id' }),
  name: opt(str()),
  role: oneOf(ROLES),
  groups: opt(arr(str({ format: 'id' }))),
  clusters: opt(arr(str({ format: 'id' }))),
  passwordHash: str({ format: 'passwordHash' }),
});
