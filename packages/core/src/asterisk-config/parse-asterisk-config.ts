/** One `key = value` (or `key => value`) line of an Asterisk configuration file. */
export interface ConfigEntry {
  readonly key: string;
  readonly value: string;
  /** `=` for a plain option, `=>` for an object-creating line (`exten =>`, `member =>`). */
  readonly op: '=' | '=>';
  /** File the line came from (the top file or an `#include`d one). */
  readonly file: string;
  /** 1-based line number in {@link ConfigEntry.file}. */
  readonly line: number;
}

/** A `[name]` section, possibly a template (`(!)`) or inheriting from templates (`(a,b)`). */
export interface ConfigSection {
  readonly name: string;
  /** True for `[name](!)`: a template, not an object of its own. */
  readonly isTemplate: boolean;
  /** Templates this section inherits from, in order (`[name](tpl1,tpl2)`). */
  readonly inherits: readonly string[];
  readonly entries: readonly ConfigEntry[];
  readonly file: string;
  readonly line: number;
}

/** Something in a configuration file Asterisk would reject or warn about. */
export interface ConfigProblem {
  /** Stable code: `config.no-section`, `config.bad-line`, `config.bad-header`, `config.missing-include`, `config.unknown-template`, `config.unterminated-comment`. */
  readonly code: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** A parsed configuration file: its sections in file order, and the problems found. */
export interface AsteriskConfig {
  readonly sections: readonly ConfigSection[];
  /** Files pulled in by `#include` / `#tryinclude`, in order. */
  readonly includes: readonly string[];
  readonly problems: readonly ConfigProblem[];
}

/** Options of {@link parseAsteriskConfig}. */
export interface ParseConfigOptions {
  /** Name of the file, for positions in entries and problems. Default `asterisk.conf`. */
  readonly file?: string;
  /** Returns the text of an `#include`d file, or undefined when it does not exist. Without it, includes are listed but not read. */
  readonly readInclude?: (name: string) => string | undefined;
}

interface MutableSection {
  name: string;
  isTemplate: boolean;
  inherits: string[];
  entries: ConfigEntry[];
  file: string;
  line: number;
}

const HEADER = /^\[([^\]]+)\]\s*(?:\(([^)]*)\))?\s*$/;
const MAX_INCLUDE_DEPTH = 10;

/** Removes a `;` comment (not an escaped `\;`) and trims; tracks `;-- --;` block comments. */
function stripComment(raw: string, state: { inBlock: boolean }): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    if (state.inBlock) {
      const end = raw.indexOf('--;', i);
      if (end < 0) return out.trim();
      state.inBlock = false;
      i = end + 3;
      continue;
    }
    const ch = raw[i];
    if (ch === '\\' && raw[i + 1] === ';') { out += ';'; i += 2; continue; }
    if (ch === ';') {
      if (raw.startsWith(';--', i)) { state.inBlock = true; i += 3; continue; }
      break;
    }
    out += ch;
    i++;
  }
  return out.trim();
}

/**
 * Reads an Asterisk configuration file the way Asterisk's config loader does: `[sections]`,
 * templates `[name](!)` and inheritance `[name](tpl)`, `key = value` and `key => value` lines,
 * `;` and `;-- --;` comments, `#include` / `#tryinclude`. Never throws: problems are returned.
 *
 * @example
 * ```ts
 * parseAsteriskConfig('[6001]\ntype = endpoint\n').sections[0].entries[0]  // { key: 'type', value: 'endpoint', op: '=' ... }
 * ```
 */
export function parseAsteriskConfig(text: string, options: ParseConfigOptions = {}): AsteriskConfig {
  const sections: MutableSection[] = [];
  const includes: string[] = [];
  const problems: ConfigProblem[] = [];
  let current: MutableSection | undefined;

  const readText = (body: string, file: string, depth: number): void => {
    const state = { inBlock: false };
    const lines = body.split(/\r?\n/);
    for (let n = 0; n < lines.length; n++) {
      const lineNo = n + 1;
      const line = stripComment(lines[n] ?? '', state);
      if (line === '') continue;
      if (line.startsWith('#')) {
        const m = /^#(include|tryinclude)\s+"?([^"]+?)"?\s*$/.exec(line);
        if (!m) { problems.push({ code: 'config.bad-line', file, line: lineNo, message: `unsupported directive: ${line}` }); continue; }
        const name = m[2] ?? '';
        includes.push(name);
        if (!options.readInclude) continue;
        const included = depth < MAX_INCLUDE_DEPTH ? options.readInclude(name) : undefined;
        if (included === undefined) {
          if (m[1] === 'include') problems.push({ code: 'config.missing-include', file, line: lineNo, message: `included file not found: ${name}` });
          continue;
        }
        readText(included, name, depth + 1);
        continue;
      }
      if (line.startsWith('[')) {
        const h = HEADER.exec(line);
        if (!h) { problems.push({ code: 'config.bad-header', file, line: lineNo, message: `malformed section header: ${line}` }); current = undefined; continue; }
        const opts = (h[2] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
        current = { name: (h[1] ?? '').trim(), isTemplate: opts.includes('!'), inherits: opts.filter((o) => o !== '!' && o !== '+'), entries: [], file, line: lineNo };
        sections.push(current);
        continue;
      }
      const arrow = line.indexOf('=>');
      const eq = line.indexOf('=');
      if (eq < 0) { problems.push({ code: 'config.bad-line', file, line: lineNo, message: `no "=" in line: ${line}` }); continue; }
      const isArrow = arrow >= 0 && arrow === eq;
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + (isArrow ? 2 : 1)).trim();
      if (key === '') { problems.push({ code: 'config.bad-line', file, line: lineNo, message: `empty option name: ${line}` }); continue; }
      if (!current) { problems.push({ code: 'config.no-section', file, line: lineNo, message: `option outside any section: ${key}` }); continue; }
      current.entries.push({ key, value, op: isArrow ? '=>' : '=', file, line: lineNo });
    }
    if (state.inBlock) problems.push({ code: 'config.unterminated-comment', file, line: lines.length, message: 'block comment ;-- not closed by --;' });
  };

  readText(text, options.file ?? 'asterisk.conf', 0);

  const names = new Set(sections.map((s) => s.name));
  for (const s of sections) {
    for (const t of s.inherits) {
      if (!names.has(t)) problems.push({ code: 'config.unknown-template', file: s.file, line: s.line, message: `section [${s.name}] inherits from unknown template (${t})` });
    }
  }
  return { sections, includes, problems };
}

/**
 * The entries a section ends up with once its templates are applied: each template's entries
 * (recursively, in the order listed) first, then the section's own.
 */
export function effectiveEntries(config: AsteriskConfig, section: ConfigSection): ConfigEntry[] {
  const seen = new Set<ConfigSection>();
  const collect = (s: ConfigSection): ConfigEntry[] => {
    if (seen.has(s)) return [];
    seen.add(s);
    const out: ConfigEntry[] = [];
    for (const t of s.inherits) {
      // Asterisk takes the last template defined with that name before the section.
      const tpl = config.sections.filter((c) => c.name === t && c !== s).at(-1);
      if (tpl) out.push(...collect(tpl));
    }
    out.push(...s.entries);
    return out;
  };
  return collect(section);
}
