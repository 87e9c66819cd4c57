/** One record of a CSV file: its cells and the line it starts on (1-based). */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

/** Parsed CSV: records (the header first), or the reason and line where parsing stopped. */
export type CsvParseResult = { readonly records: readonly CsvRecord[] } | { readonly error: string; readonly line: number };

/**
 * Parses RFC 4180 CSV: comma separated, `"` quoting with `""` for a quote, CRLF or LF line ends,
 * newlines allowed inside quotes; a UTF-8 byte-order mark is dropped; blank lines are skipped.
 */
export function parseCsv(text: string): CsvParseResult {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const start = line;
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    let wasQuoted = false;
    for (;;) {
      if (i >= src.length) {
        if (quoted) return { error: 'unterminated quoted cell', line: start };
        cells.push(cell);
        break;
      }
      const ch = src[i] as string;
      if (quoted) {
        if (ch === '"') {
          if (src[i + 1] === '"') {
            cell += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (ch === '\n') line++;
          cell += ch;
          i++;
        }
        continue;
      }
      if (ch === '"') {
        if (cell !== '' || wasQuoted) return { error: 'a quote inside an unquoted cell', line };
        quoted = true;
        wasQuoted = true;
        i++;
      } else if (ch === ',') {
        cells.push(cell);
        cell = '';
        wasQuoted = false;
        i++;
      } else if (ch === '\r' || ch === '\n') {
        cells.push(cell);
        i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
        line++;
        break;
      } else {
        if (wasQuoted) return { error: 'text after a closing quote', line };
        cell += ch;
        i++;
      }
    }
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: start, cells });
  }
  return { records };
}

/** Quotes a cell when it holds a comma, quote or line break. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
