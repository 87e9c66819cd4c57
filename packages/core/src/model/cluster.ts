import { arr, bool, num, obj, oneOf, opt, str, type Schema } from '../schema/schema.js';
import { SECRET_SCHEMA, type Secret } from './secret.js';

/** A virtual IP address that follows the active server of an HA pair. */
export interface Vip {
  readonly address: string;
  /** Network interface the VIP is raised on, e.g. `eth0`. */
  readonly interface: string;
}

/** An interface towards a SIP trunk provider (the guide's "IPS/TALKTALK SIP Trunk interface 172.20.15.1"). */
export interface TrunkInterface {
  readonly name: string;
  readonly address: string;
  readonly provider: string;
  /** False for an interface the cluster is meant to have but has not configured yet (the guide's BT trunk). */
  readonly configured?: boolean;
}

/** How ACM reaches a server over SSH. The host key is pinned: no key, no connection. */
export interface SshEndpoint {
  readonly host?: string;
  readonly port?: number;
  readonly user: string;
  /** Pinned host key: a known_hosts line (`ssh-ed25519 AAAA...`) or a `SHA256:` fingerprint. */
  readonly hostKey: string;
  /** Private key used to log in. */
  readonly privateKey?: Secret;
}

/** The AMI account the status poller uses on a server. */
export interface AmiEndpoint {
  readonly port?: number;
  readonly username: string;
  readonly secret: Secret;
}

/** The MySQL/MariaDB account the replication checks use on a server. */
export interface MysqlEndpoint {
  readonly port?: number;
  readonly user: string;
  readonly password?: Secret;
}

/** One Asterisk server of a cluster. */
export interface Server {
  /** User-chosen id, e.g. `ast16`. */
  readonly id: string;
  readonly hostname: string;
  /** Source address of the server on the service network. */
  readonly address: string;
  /** Address used for MySQL replication and file sync with the peer. */
  readonly replicationAddress?: string;
  readonly role: 'primary' | 'secondary';
  readonly ssh?: SshEndpoint;
  readonly ami?: AmiEndpoint;
  readonly mysql?: MysqlEndpoint;
}

/** A cluster: an HA pair (or more) of Asterisk servers behind voice and web VIPs. */
export interface Cluster {
  /** User-chosen id, e.g. `tpa1`. */
  readonly id: string;
  readonly site: string;
  readonly name?: string;
  readonly voiceVip: Vip;
  readonly webVip?: Vip;
  readonly servers: readonly Server[];
  readonly trunkInterfaces?: readonly TrunkInterface[];
  /** DUNDi entity id of the cluster (a MAC-like id, unique in the enterprise). */
  readonly dundiEid: string;
  /** Concurrent external calls the cluster is sized for. */
  readonly channelCapacity?: number;
  /** Load-balance voice over the servers instead of active/standby. */
  readonly loadBalance?: boolean;
}

const VIP_SCHEMA = obj<Vip>('a VIP { address, interface }')({ address: str({ format: 'ip' }), interface: str({ minLength: 1 }) });

/** Schema of {@link Server}. */
export const SERVER_SCHEMA: Schema<Server> = obj<Server>('a server')({
  id: str({ format: 'id' }),
  hostname: str({ format: 'hostname' }),
  address: str({ format: 'ip' }),
  replicationAddress: opt(str({ format: 'ip' })),
  role: oneOf(['primary', 'secondary']),
  ssh: opt(obj<SshEndpoint>('an SSH endpoint')({
    host: opt(str({ format: 'host' })),
    port: opt(num({ min: 1, max: 65535 })),
    user: str({ minLength: 1 }),
    hostKey: str({ minLength: 8 }),
    privateKey: opt(SECRET_SCHEMA),
  })),
  ami: opt(obj<AmiEndpoint>('an AMI endpoint')({ port: opt(num({ min: 1, max: 65535 })), username: str({ minLength: 1 }), secret: SECRET_SCHEMA })),
  mysql: opt(obj<MysqlEndpoint>('a MySQL endpoint')({ port: opt(num({ min: 1, max: 65535 })), user: str({ minLength: 1 }), password: opt(SECRET_SCHEMA) })),
});

/** Schema of {@link Cluster}. */
export const CLUSTER_SCHEMA: Schema<Cluster> = obj<Cluster>('a cluster')({
  id: str({ format: 'id' }),
  site: str({ format: 'id' }),
  name: opt(str()),
  voiceVip: VIP_SCHEMA,
  webVip: opt(VIP_SCHEMA),
  servers: arr(SERVER_SCHEMA, { minLength: 1 }),
  trunkInterfaces: opt(arr(obj<TrunkInterface>('a trunk interface')({
    name: str({ minLength: 1 }),
    address: str({ format: 'ip' }),
    provider: str({ minLength: 1 }),
    configured: opt(bool()),
  }))),
  dundiEid: str({ format: 'eid' }),
  channelCapacity: opt(num({ min: 1 })),
  loadBalance: opt(bool()),
});
