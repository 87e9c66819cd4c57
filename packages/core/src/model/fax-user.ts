import { arr, obj, opt, str, type Schema } from '../schema/schema.js';

/** A user of the FAX gateway: faxes to their numbers arrive by e-mail, e-mailed PDFs go out. */
export interface FaxUser {
  readonly id: string;
  readonly email: string;
  /** FAX numbers of the user (DIDs or internal numbers such as 5500). */
  readonly numbers: readonly string[];
  /** Cluster running the FAX gateway for this user. */
  readonly cluster: string;
  readonly accountcode?: string;
}

/** Schema of {@link FaxUser}. */
export const FAX_USER_SCHEMA: Schema<FaxUser> = obj<FaxUser>('a FAX user')({
  id: str({ format: 'id' }),
  email: str({ format: 'email' }),
  numbers: arr(str({ format: 'number' }), { minLength: 1 }),
  cluster: str({ format: 'id' }),
  accountcode: opt(str({ maxLength: 20 })),
});
