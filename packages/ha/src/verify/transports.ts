import type { Secret, Server } from '@acm/core';
import type { Exec } from '../exec/exec.js';
import { SshExec } from '../exec/ssh-exec.js';
import { resolveSecret } from '../secret.js';

/** Options of {@link sshExecFor}. */
export interface SshExecForOptions {
  /** Resolves the model's secret references (default {@link resolveSecret}). */
  readonly resolveSecret?: (secret: Secret | undefined) => string | undefined;
  readonly connectTimeoutMs?: number;
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
  const key = (options.resolveSecret ?? resolveSecret)(ssh.privateKey);
  return new SshExec({
    host: ssh.host ?? server.address,
    ...(ssh.port === undefined ? {} : { port: ssh.port }),
    username: ssh.user,
    hostKey: ssh.hostKey,
    ...(key === undefined ? {} : { privateKey: key }),
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.maxConcurrent === undefined ? {} : { maxConcurrent: options.maxConcurrent }),
  });
}
