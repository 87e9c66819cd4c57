/** One rule of `iptables -L -n -v -x`. */
export interface IptablesListRule {
  readonly packets: number;
  readonly bytes: number;
  /** Jump target (`ACCEPT`, `DROP`, a chain name); empty for a rule without one. */
  readonly target: string;
  /** Protocol as printed: a name (`tcp`) or, with nf_tables iptables 1.8.9, a number (`6`). */
  readonly protocol: string;
  readonly in: string;
  readonly out: string;
  readonly source: string;
  readonly destination: string;
  /** The match/target options after the addresses (`multiport dports 5060,5061`). */
  readonly options: string;
}

/** One chain of `iptables -L -n -v -x`. */
export interface IptablesListChain {
  readonly name: string;
  /** Built-in chains: `ACCEPT`/`DROP`; user chains have none. */
  readonly policy?: string;
  /** Policy counters (built-in chains). */
  readonly packets?: number;
  readonly bytes?: number;
  /** How many rules jump to this user chain. */
  readonly references?: number;
  readonly rules: readonly IptablesListRule[];
}

/**
 * Parses `iptables -L -n -v -x` (exact counters, numeric addresses).
 *
 * @example
 * ```ts
 * parseIptablesList('Chain f2b-sshd (1 references)\n pkts bytes target prot opt in out source destination\n 0 0 RETURN 0 -- * * 0.0.0.0/0 0.0.0.0/0')
 * // [{ name: 'f2b-sshd', references: 1, rules: [{ packets: 0, bytes: 0, target: 'RETURN', ... }] }]
 * ```
 */
export function parseIptablesList(text: string): IptablesListChain[] {
  const chains: { name: string; policy?: string; packets?: number; bytes?: number; references?: number; rules: IptablesListRule[] }[] = [];
  let current: (typeof chains)[number] | undefined;
  for (const line of text.split('\n')) {
    const head = /^Chain (\S+) \((?:policy (\S+) (\d+) packets, (\d+) bytes|(\d+) references)\)/.exec(line);
    if (head !== null) {
      current = {
        name: head[1] as string,
        ...(head[2] === undefined ? {} : { policy: head[2], packets: Number(head[3]), bytes: Number(head[4]) }),
        ...(head[5] === undefined ? {} : { references: Number(head[5]) }),
        rules: [],
      };
      chains.push(current);
      continue;
    }
    if (current === undefined || /^\s*pkts\s+bytes/.test(line) || line.trim() === '') continue;
    const w = line.trim().split(/\s+/);
    // The `opt` column (`--`, `-f`, `!f`) anchors the layout: it is 5th with a target, 4th without.
    const optAt = w.findIndex((x, i) => i >= 3 && i <= 4 && /^(--|-f|!f)$/.test(x));
    if (optAt < 0 || !/^\d+$/.test(w[0] ?? '') || !/^\d+$/.test(w[1] ?? '')) continue;
    const hasTarget = optAt === 4;
    const col = (k: number): string => w[optAt + k] ?? '';
    current.rules.push({
      packets: Number(w[0]),
      bytes: Number(w[1]),
      target: hasTarget ? (w[2] as string) : '',
      protocol: w[optAt - 1] as string,
      in: col(1),
      out: col(2),
      source: col(3),
      destination: col(4),
      options: w.slice(optAt + 5).join(' '),
    });
  }
  return chains;
}

/** A chain declared in `iptables-save` output. */
export interface IptablesSaveChain {
  readonly name: string;
  /** `ACCEPT`/`DROP` for built-in chains, `-` for user chains. */
  readonly policy: string;
  readonly packets: number;
  readonly bytes: number;
}

/** A rule (`-A chain ...`) in `iptables-save` output. */
export interface IptablesSaveRule {
  readonly chain: string;
  /** The rule's arguments after `-A chain`, split on blanks (quoted strings kept whole). */
  readonly args: readonly string[];
  /** The `-j`/`-g` target, if any. */
  readonly target?: string;
  /** Counters, only with `iptables-save -c`. */
  readonly packets?: number;
  readonly bytes?: number;
}

/** One table (`*filter`, `*nat`...) of `iptables-save` output. */
export interface IptablesSaveTable {
  readonly name: string;
  readonly chains: readonly IptablesSaveChain[];
  readonly rules: readonly IptablesSaveRule[];
}

function splitArgs(s: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] as string));
  return out;
}

/** Parses `iptables-save` (with or without `-c` counters). */
export function parseIptablesSave(text: string): IptablesSaveTable[] {
  const tables: { name: string; chains: IptablesSaveChain[]; rules: IptablesSaveRule[] }[] = [];
  let cur: (typeof tables)[number] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) {
      cur = { name: line.slice(1).trim(), chains: [], rules: [] };
      tables.push(cur);
      continue;
    }
    if (cur === undefined) continue;
    const chain = /^:(\S+) (\S+) \[(\d+):(\d+)\]/.exec(line);
    if (chain !== null) {
      cur.chains.push({ name: chain[1] as string, policy: chain[2] as string, packets: Number(chain[3]), bytes: Number(chain[4]) });
      continue;
    }
    const rule = /^(?:\[(\d+):(\d+)\] )?-A (\S+)\s*(.*)$/.exec(line);
    if (rule !== null) {
      const args = splitArgs(rule[4] as string);
      const j = args.findIndex((a) => a === '-j' || a === '-g');
      const target = j >= 0 ? args[j + 1] : undefined;
      cur.rules.push({
        chain: rule[3] as string,
        args,
        ...(target === undefined ? {} : { target }),
        ...(rule[1] === undefined ? {} : { packets: Number(rule[1]), bytes: Number(rule[2]) }),
      });
    }
  }
  return tables;
}
