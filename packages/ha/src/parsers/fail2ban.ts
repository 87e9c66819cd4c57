/** `fail2ban-client status`: the server's jails. */
export interface Fail2banStatus {
  readonly jails: readonly string[];
}

/** `fail2ban-client status <jail>`: one jail's counters and banned addresses. */
export interface Fail2banJailStatus {
  readonly jail: string;
  readonly currentlyFailed: number;
  readonly totalFailed: number;
  /** Log files (or journal matches) the filter reads. */
  readonly files: readonly string[];
  readonly currentlyBanned: number;
  readonly totalBanned: number;
  readonly bannedIps: readonly string[];
}

function field(text: string, name: string): string | undefined {
  const m = new RegExp(`^[\\s|\`-]*${name}:[ \\t]*(.*)$`, 'm').exec(text);
  return m === null ? undefined : (m[1] as string).trim();
}

/** Parses `fail2ban-client status`; `undefined` when the output is not a status (server down). */
export function parseFail2banStatus(text: string): Fail2banStatus | undefined {
  if (!/^Status\s*$/m.test(text)) return undefined;
  const list = field(text, 'Jail list');
  if (list === undefined) return undefined;
  return { jails: list === '' ? [] : list.split(/,\s*/).filter((j) => j !== '') };
}

/**
 * Parses `fail2ban-client status <jail>`; `undefined` for anything else (an unknown jail prints
 * `Sorry but the jail 'x' does not exist`).
 */
export function parseFail2banJailStatus(text: string): Fail2banJailStatus | undefined {
  const head = /^Status for the jail: (\S+)/m.exec(text);
  if (head === null) return undefined;
  const num = (n: string): number => Number(field(text, n) ?? 0) || 0;
  const files = field(text, 'File list') ?? field(text, 'Journal matches') ?? '';
  const banned = field(text, 'Banned IP list') ?? '';
  return {
    jail: head[1] as string,
    currentlyFailed: num('Currently failed'),
    totalFailed: num('Total failed'),
    files: files === '' ? [] : files.split(/\s+/),
    currentlyBanned: num('Currently banned'),
    totalBanned: num('Total banned'),
    bannedIps: banned === '' ? [] : banned.split(/\s+/),
  };
}
