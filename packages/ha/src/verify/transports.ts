import type { Server } from '@acm/core';
import type { Exec } from '@acm/core';
import { sshEndpointOptions, type SshEndpointOptions } from '../exec/ssh-endpoint.js';
import { SshExec } from '../exec/ssh-exec.js';

/** Options of {@link sshExecFor}. */
export interface SshExecForOptions extends SshEndpointOptions {
  readonly maxConcurrent?: number;
}

/**
 * An {@link SshExec} for a server from its model `ssh` endpoint (host defaults to the server's
 * address, port to 22; the pinned host key is required by the model). `undefined` when the
 * server has no SSH endpoint.
 */
export function sshExecFor(server: Server, options: SshExecForOptions = {}): Exec | undefined {
  const ssh = server.ssh;
  if (ssh === undefined) return undefined;
  return new SshExec({ ...sshEndpointOptions(server, ssh, options), ...(options.maxConcurrent === undefined ? {} : { maxConcurrent: options.maxConcurrent }) });
}
