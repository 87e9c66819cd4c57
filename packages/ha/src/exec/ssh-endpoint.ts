import type { Secret, Server, SshEndpoint } from '@acm/core';
import { resolveSecret } from '../secret.js';
import { ExecError } from '@acm/core';
import type { SshExecOptions } from './ssh-exec.js';

/** How a model server's SSH endpoint is opened: secret references and the connect limit. */
export interface SshEndpointOptions {
  /** Resolves the private key reference of the endpoint (default: inline, env, file). */
  readonly resolveSecret?: (secret: Secret | undefined) => string | undefined;
  /** Time allowed for TCP connect + handshake + authentication (default 10 000 ms). */
  readonly connectTimeoutMs?: number;
}

/**
 * The {@link SshExecOptions} of a model server's `ssh` endpoint: host (default the server's
 * address), port (default 22), user, pinned host key and the resolved private key. Throws an
 * `ExecError` (kind `auth`) naming the server when the key reference resolves to nothing; the key
 * itself never appears in an error.
 */
export function sshEndpointOptions(server: Server, ssh: SshEndpoint, options: SshEndpointOptions = {}): SshExecOptions {
  let key: string | undefined;
  if (ssh.privateKey !== undefined) {
    key = (options.resolveSecret ?? resolveSecret)(ssh.privateKey);
    if (key === undefined || key === '') {
      const ref = ssh.privateKey;
      const where = typeof ref === 'string' ? 'inline' : 'env' in ref ? `env ${ref.env}` : 'file' in ref ? `file ${ref.file}` : 'sealed';
      throw new ExecError('auth', server.id, `the private key of the ssh endpoint cannot be resolved (${where})`);
    }
  }
  return {
    host: ssh.host ?? server.address,
    ...(ssh.port === undefined ? {} : { port: ssh.port }),
    username: ssh.user,
    hostKey: ssh.hostKey,
    ...(key === undefined ? {} : { privateKey: key }),
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
  };
}
