import { join } from 'node:path';
import { Deployer, LocalDirectoryTarget, LocalExec, type DeployConfig, type Enterprise, type Secret, type Server, type Store } from '@acm/core';
import { resolveSecret } from '../secret.js';
import { sshTransportFor } from './ssh-deploy-transport.js';

/** Staging and backups over SSH: below /etc/asterisk, so the final renames stay on one filesystem (atomic). */
export const REMOTE_STATE_DIR = 'etc/asterisk/.acm';

/**
 * Where a deployment writes and what it runs: local directories, or every server over SSH from its
 * `ssh` endpoint in the model. Explicit fields beat the `deploy:` section of `acm.config.yaml`.
 */
export interface DeployTarget {
  /** Deploy to local directories: server `ast15` is `<targetDir>/ast15` (`{cluster}` in it expands). Absent (here and in `config`): over SSH. */
  readonly targetDir?: string;
  /** Over SSH: the root the rendered paths are below on each server; `{cluster}` and `{server}` expand. Default `/`. */
  readonly remoteRoot?: string;
  /**
   * Run the needed reloads (`<asterisk> -rx <reload>`). Over SSH on the server, default true (or
   * `config.reloads`); to local directories on this machine, default false.
   */
  readonly reloads?: boolean;
  /** The `deploy:` settings of `acm.config.yaml`: stateDir, asterisk, lockWaitSeconds, connectTimeoutSeconds, and defaults of the above. */
  readonly config?: DeployConfig;
  /** The environment `{ env: NAME }` references of the SSH private keys see (default `process.env`). */
  readonly secretEnv?: Readonly<Record<string, string | undefined>>;
  /** The directory relative `{ file: PATH }` references are read from (default the cwd). */
  readonly secretBase?: string;
}

function localDir(target: DeployTarget): string | undefined {
  return target.targetDir ?? target.config?.targetDir;
}

/** A server's local directory: `<targetDir>/<server>`, `{cluster}` in the target directory expanded. */
function localServerDir(dir: string, cluster: string, server: string): string {
  return join(dir.replaceAll('{cluster}', cluster), server);
}

function serverOf(enterprise: Enterprise, cluster: string, server: string): Server | undefined {
  return enterprise.clusters.find((c) => c.id === cluster)?.servers.find((x) => x.id === server);
}

/** The root of a server over SSH: the target's `remoteRoot` with `{cluster}` and `{server}` expanded. */
export function remoteRootOf(target: DeployTarget, cluster: string, server: string): string {
  return (target.remoteRoot ?? target.config?.remoteRoot ?? '/').replaceAll('{cluster}', cluster).replaceAll('{server}', server);
}

/**
 * Where a server of a deployment is reached, for progress lines: `local:<dir>`,
 * `sftp://user@host:port<root>` or `no ssh endpoint`. Holds no secret.
 */
export function describeDeployTarget(enterprise: Enterprise, target: DeployTarget, cluster: string, server: string): string {
  const dir = localDir(target);
  if (dir !== undefined) return `local:${localServerDir(dir, cluster, server)}`;
  const srv = serverOf(enterprise, cluster, server);
  if (srv?.ssh === undefined) return 'no ssh endpoint';
  return `sftp://${srv.ssh.user}@${srv.ssh.host ?? srv.address}:${srv.ssh.port ?? 22}${remoteRootOf(target, cluster, server)}`;
}

/**
 * The servers (`cluster/server`) of the given clusters a deployment cannot reach: over SSH, those
 * without an `ssh` endpoint; none when deploying to local directories. Check before applying, so
 * a missing endpoint is named before anything starts.
 */
export function serversWithoutTarget(enterprise: Enterprise, target: DeployTarget, clusters: readonly string[]): string[] {
  if (localDir(target) !== undefined) return [];
  return enterprise.clusters.filter((c) => clusters.includes(c.id)).flatMap((c) => c.servers.filter((x) => x.ssh === undefined).map((x) => `${c.id}/${x.id}`));
}

/**
 * A {@link Deployer} for a {@link DeployTarget}: files to local directories (reloads on this
 * machine only when asked), or to every server over SFTP with the reloads over SSH, host keys
 * pinned from the model, private keys resolved from their secret references (never logged).
 * Staging and backups go to `config.stateDir`, default `.acm` locally and `etc/asterisk/.acm`
 * over SSH (the final renames stay on one filesystem).
 *
 * @example
 * ```ts
 * const { config } = loadAcmConfig({ cwd: process.cwd() });
 * const enterprise = (await store.exportEnterprise())!; // undefined only for an empty store
 * const target = { config: config?.deploy, secretEnv: secretEnvironment(config, process.env).env };
 * const missing = serversWithoutTarget(enterprise, target, ['tpa1']);
 * if (missing.length > 0) throw new Error(`no ssh endpoint for ${missing.join(', ')}`);
 * const deployer = deployerFor(store, enterprise, target);
 * const { plans, diagnostics } = await planDeployments(store, deployer, enterprise, { clusters: ['tpa1'] });
 * if (diagnostics.length > 0) throw new Error(diagnostics.map((d) => d.message).join('; '));
 * for (const plan of plans) {
 *   if (plan.hasChanges) console.log((await deployer.apply(plan, { actor: 'alice' })).servers);
 * }
 * ```
 */
export function deployerFor(store: Store, enterprise: Enterprise, target: DeployTarget): Deployer {
  const config = target.config ?? {};
  const lockWaitMs = (config.lockWaitSeconds ?? 0) * 1000;
  const asterisk = config.asterisk ?? 'asterisk';
  const reloadArgv = (reload: string): readonly string[] => [asterisk, '-rx', reload];
  const dir = localDir(target);
  if (dir !== undefined) {
    const exec = target.reloads === true ? new LocalExec() : undefined;
    return new Deployer(store, {
      lockWaitMs,
      reloadArgv,
      ...(config.stateDir === undefined ? {} : { stateDir: config.stateDir }),
      transport: (cluster, server) => ({ files: new LocalDirectoryTarget(localServerDir(dir, cluster, server)), ...(exec === undefined ? {} : { exec }) }),
    });
  }
  const reloads = target.reloads ?? config.reloads ?? true;
  const env = target.secretEnv ?? process.env;
  const sshSecret = (secret: Secret | undefined): string | undefined => resolveSecret(secret, env, target.secretBase);
  return new Deployer(store, {
    lockWaitMs,
    reloadArgv,
    stateDir: config.stateDir ?? REMOTE_STATE_DIR,
    transport: (cluster, serverId) => {
      const server = serverOf(enterprise, cluster, serverId);
      if (server === undefined) throw new Error(`${serverId}: not a server of ${cluster} in the enterprise`);
      return sshTransportFor(server, {
        root: remoteRootOf(target, cluster, serverId),
        reloads,
        resolveSecret: sshSecret,
        ...(config.connectTimeoutSeconds === undefined ? {} : { connectTimeoutMs: config.connectTimeoutSeconds * 1000 }),
      });
    },
  });
}
