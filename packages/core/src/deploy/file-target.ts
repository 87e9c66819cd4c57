import type { Exec } from '../exec/exec.js';

/** A file rendered for one server: where it goes, its content and hash, and what reloads it. */
export interface RenderedFile {
  /** Path relative to the server's configuration root, `/`-separated, e.g. `pjsip.conf` or `pjsip.d/tpa1.conf`. */
  readonly path: string;
  readonly content: string;
  /** Hex SHA-256 of `content` (UTF-8). */
  readonly sha256: string;
  /** What must run after the file changes, e.g. `pjsip reload` (an Asterisk CLI command); none (or empty) when the file needs no reload. */
  readonly reload?: string;
}

/**
 * Writes files on one server, below a root directory: a local directory or SFTP. Paths are relative
 * to the root and `/`-separated. {@link FileTarget.rename} must replace the target atomically.
 */
export interface FileTarget {
  /** A label for messages (`local:/etc/asterisk`, `sftp://root@ast15/etc/asterisk`). */
  readonly label: string;
  /** The file's bytes, or undefined when it does not exist. */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /** Writes a file, creating its parent directories. */
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  /** Moves a file over another atomically, creating the destination's parent directories. */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file; no error when it does not exist. */
  remove(path: string): Promise<void>;
  /** Removes a directory and everything below it; no error when it does not exist. */
  removeTree(path: string): Promise<void>;
  /** Releases the connection, if any. */
  close(): Promise<void>;
}

/** How to reach one server of a cluster when deploying. */
export interface ServerTransport {
  readonly files: FileTarget;
  /**
   * Runs the reloads (`LocalExec`, an `SshExec` of `@acm/ha`, or any {@link Exec});
   * without one, reloads are listed in the plan but not run.
   */
  readonly exec?: Exec;
}
