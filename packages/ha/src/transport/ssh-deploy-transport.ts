import type { Server, ServerTransport } from '@acm/core';
import { ExecError } from '@acm/core';
import { SshExec } from '../exec/ssh-exec.js';
import type { SshExecOptions } from '../exec/ssh-exec.js';
import { sshEndpointOptions, type SshEndpointOptions } from '../exec/ssh-endpoint.js';
import { SftpTarget } from './sftp-target.js';

/** Options of {@link sshDeployTransport}. */
export interface SshDeployTransportOptions {
  /** Root directory on the server that rendered paths (`etc/asterisk/pjsip.conf`) are below; default `/`. */
  readonly root?: string;
  /** Run the reloads over the same connection (default true); false lists them in the plan only. */
  readonly reloads?: boolean;
}

/** Options of {@link sshTransportFor}: how to read the model's secret references, and the connection limits. */
export interface SshTransportForOptions extends SshDeployTransportOptions, SshEndpointOptions {}

/**
 * A deploy engine `ServerTransport` over one pinned SSH connection: the files through
 * {@link SftpTarget} (staging, backups, atomic renames, restore) and the reloads run by the
 * same {@link SshExec} (the deploy engine's `Exec`, with its `reloadTimeoutMs`). Closing the
 * files closes the connection.
 *
 * @example
 * ```ts
 * const deployer = new Deployer(store, {
 *   transport: () => sshDeployTransport({ host: '10.0.0.5', username: 'root', privateKey, hostKey: 'SHA256:...' }),
 *   stateDir: 'etc/asterisk/.acm',
 * });
 * ```
 */
export function sshDeployTransport(connection: SshExecOptions, options: SshDeployTransportOptions = {}): ServerTransport {
  const ssh = new SshExec(connection);
  const files = new SftpTarget(ssh, options.root === undefined ? {} : { root: options.root });
  return options.reloads === false ? { files } : { files, exec: ssh };
}

/**
 * {@link sshDeployTransport} for a server of the model, from its `ssh` endpoint: host (default the
 * server's address), port (default 22), user, pinned host key and private key reference. Throws an
 * `ExecError` (kind `connect`) naming the server when it has no SSH endpoint, and (kind `auth`)
 * when its private key reference cannot be resolved; the key itself never appears in an error.
 */
export function sshTransportFor(server: Server, options: SshTransportForOptions = {}): ServerTransport {
  const ssh = server.ssh;
  if (ssh === undefined) throw new ExecError('connect', server.id, 'the server has no ssh endpoint (servers[].ssh: host, port, user, hostKey, privateKey)');
  return sshDeployTransport(sshEndpointOptions(server, ssh, options), options);
}
