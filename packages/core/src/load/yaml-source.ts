import { isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node } from 'yaml';

/** A problem found while parsing YAML: code, message, offset. */
export interface YamlProblem {
  readonly code: 'load.syntax' | 'load.duplicate-key';
  readonly reason: string;
  readonly offset: number;
  readonly key?: string;
}

/** A parsed YAML document: its plain value, problems, and a locator for paths. */
export interface ParsedYaml {
  readonly value: unknown;
  readonly problems: readonly YamlProblem[];
  readonly empty: boolean;
  locate(path: readonly (string | number)[]): number;
}

const INTEGER = /^[-+]?[0-9]+$/;

/**
 * Parses YAML 1.2 (core schema) the way an enterprise file needs it: digit strings that would
 * change if read as numbers (`0577`, `+44...`, 20-digit numbers) stay strings; duplicate keys are
 * errors; aliases are limited (no "billion laughs").
 */
export function parseYaml(text: string): ParsedYaml {
  const doc: Document = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  const problems: YamlProblem[] = [];
  for (const err of doc.errors) {
    const dup = err.code === 'DUPLICATE_KEY';
    const reason = err.message.split('\n')[0] ?? err.message;
    problems.push({ code: dup ? 'load.duplicate-key' : 'load.syntax', reason, offset: err.pos[0], ...(dup ? { key: /"([^"]*)"/.exec(reason)?.[1] ?? '' } : {}) });
  }
  if (problems.length > 0) return { value: undefined, problems, empty: false, locate: () => 0 };
  visit(doc, {
    Scalar(_key, node) {
      if (node.type === 'PLAIN' && typeof node.value === 'number' && typeof node.source === 'string' && INTEGER.test(node.source) && String(node.value) !== node.source) {
        node.value = node.source;
      }
    },
  });
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { value: undefined, problems: [{ code: 'load.syntax', reason: e instanceof Error ? e.message : String(e), offset: 0 }], empty: false, locate: () => 0 };
  }
  return {
    value,
    problems,
    empty: doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null),
    locate: (path) => locateYaml(doc, path),
  };
}

function locateYaml(doc: Document, path: readonly (string | number)[]): number {
  let node: Node | null = doc.contents as Node | null;
  let at = node?.range?.[0] ?? 0;
  for (const step of path) {
    if (isMap(node) && typeof step === 'string') {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === step);
      if (pair === undefined) return at;
      at = isScalar(pair.key) && pair.key.range !== undefined && pair.key.range !== null ? pair.key.range[0] : at;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as Node | undefined;
      if (item === undefined) return at;
      node = item;
      at = item.range?.[0] ?? at;
    } else return at;
  }
  return at;
}
