import { arr, bool, num, obj, oneOf, opt, str, type Schema } from '../schema/schema.js';
import { SECRET_SCHEMA, type Secret } from './secret.js';

/** Credentials a trunk uses towards its provider. */
export interface TrunkAuth {
  readonly username: string;
  readonly secret: Secret;
}

/**
 * A trunk: SIP or IAX to an ITSP, a Telco, an SBC or another cluster (inter-site), or a PRI span.
 */
export interface Trunk {
  /** Trunk name, unique on its cluster (the Asterisk endpoint/peer name), e.g. `TELNYX-1`, `SIP-32`, `PRI-E1`. */
  readonly id: string;
  readonly cluster: string;
  readonly group?: string;
  readonly protocol: 'SIP' | 'IAX' | 'PRI';
  readonly provider?: string;
  /** Host of the far end (SIP/IAX). */
  readonly host?: string;
  readonly port?: number;
  readonly transport?: 'udp' | 'tcp' | 'tls';
  readonly auth?: TrunkAuth;
  /** Send a REGISTER to the provider. */
  readonly register?: boolean;
  /** TLS + SRTP towards the provider. */
  readonly encryption?: boolean;
  readonly acl?: string;
  /** Context inbound calls land in, e.g. `Telnyx_INBOUND`. */
  readonly inboundContext?: string;
  /** Caller id presented on outbound calls. */
  readonly callerId?: string;
  readonly accountcode?: string;
  /** Concurrent calls the trunk carries (channels of a PRI, licensed calls of an ITSP). */
  readonly channels: number;
  readonly codecs?: readonly string[];
  /** Trunk of the same cluster tried next when this one fails or is full. */
  readonly failover?: string;
  /** Call classes this trunk carries outbound; none for a trunk that only receives. */
  readonly callClasses?: readonly string[];
  /** For inter-site trunks: the cluster at the other end. */
  readonly peerCluster?: string;
  /** Seconds between qualify OPTIONS, 0 to disable. */
  readonly qualifyFrequency?: number;
  /** PRI span number (PRI trunks). */
  readonly span?: number;
  readonly description?: string;
}

/** Schema of {@link Trunk}. */
export const TRUNK_SCHEMA: Schema<Trunk> = obj<Trunk>('a trunk')({
  id: str({ format: 'id' }),
  cluster: str({ format: 'id' }),
  group: opt(str({ format: 'id' })),
  protocol: oneOf(['SIP', 'IAX', 'PRI']),
  provider: opt(str()),
  host: opt(str({ format: 'host' })),
  port: opt(num({ min: 1, max: 65535 })),
  transport: opt(oneOf(['udp', 'tcp', 'tls'])),
  auth: opt(obj<TrunkAuth>('trunk credentials')({ username: str({ minLength: 1 }), secret: SECRET_SCHEMA })),
  register: opt(bool()),
  encryption: opt(bool()),
  acl: opt(str({ format: 'id' })),
  inboundContext: opt(str({ format: 'context' })),
  callerId: opt(str()),
  accountcode: opt(str({ maxLength: 20 })),
  channels: num({ min: 0, max: 100000 }),
  codecs: opt(arr(str({ format: 'codec' }), { minLength: 1 })),
  failover: opt(str({ format: 'id' })),
  callClasses: opt(arr(str({ format: 'id' }))),
  peerCluster: opt(str({ format: 'id' })),
  qualifyFrequency: opt(num({ min: 0, max: 86400 })),
  span: opt(num({ min: 1, max: 256 })),
  description: opt(str()),
});
