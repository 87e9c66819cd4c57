import type { CatalogueSection } from '../catalogue-entry.js';

const s = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** Codes for reading files and for the structure of the document (types, keys, formats). */
export const LOAD_CODES: CatalogueSection = {
  'load.unreadable': {
    severity: 'error',
    area: 'load',
    doc: 'The file or directory cannot be read (missing, a permission problem, not a file).',
    message: (d) => `cannot read ${s(d.file)}: ${String(d.reason)}`,
  },
  'load.empty': {
    severity: 'error',
    area: 'load',
    doc: 'The file is empty or holds only comments: there is no enterprise in it.',
    message: (d) => `${s(d.file)} is empty: expected an enterprise document`,
  },
  'load.too-large': {
    severity: 'error',
    area: 'load',
    doc: 'The file is larger than ACM reads (256 MiB): split it into a directory of files.',
    message: (d) => `${s(d.file)} is ${String(d.bytes)} bytes, more than the ${String(d.limit)} ACM reads`,
    hint: 'split the enterprise into a directory of files, e.g. one per site',
  },
  'load.syntax': {
    severity: 'error',
    area: 'load',
    doc: 'The file is not valid YAML or JSON.',
    message: (d) => `${String(d.format)} syntax error: ${String(d.reason)}`,
  },
  'load.duplicate-key': {
    severity: 'error',
    area: 'load',
    doc: 'A key appears twice in the same object; YAML and JSON readers silently keep one of them, ACM refuses.',
    message: (d) => `duplicate key ${s(d.key)}`,
  },
  'load.not-an-object': {
    severity: 'error',
    area: 'load',
    doc: 'A file of the enterprise must hold a mapping (an object) at its top level.',
    message: (d) => `expected a mapping at the top of the file, found ${String(d.actual)}`,
  },
  'load.conflict': {
    severity: 'error',
    area: 'load',
    doc: 'Two files of one enterprise directory set the same top-level setting to different values.',
    message: (d) => `${s(d.key)} is set in ${s(d.file)} and again, differently, in ${s(d.otherFile)}`,
  },
  'schema.type': {
    severity: 'error',
    area: 'schema',
    doc: 'A value has the wrong type (a string where a list is expected, a number in quotes...).',
    message: (d) => `expected ${String(d.expected)}, found ${String(d.actual)}${d.actual === 'string' || d.actual === 'number' ? ` ${s(d.value)}` : ''}`,
  },
  'schema.required': {
    severity: 'error',
    area: 'schema',
    doc: 'A required member is missing.',
    message: (d) => `missing ${s(d.key)}: expected ${String(d.expected)}`,
  },
  'schema.unknown-key': {
    severity: 'error',
    area: 'schema',
    doc: 'A key the model does not know, usually a typo; the message suggests the closest known key.',
    message: (d) => `unknown key ${s(d.key)}${d.suggestion === undefined ? '' : ` (did you mean ${s(d.suggestion)}?)`}`,
  },
  'schema.enum': {
    severity: 'error',
    area: 'schema',
    doc: 'A value is not one of the allowed values.',
    message: (d) =>
      `${s(d.value)} is not allowed: expected one of ${(d.allowed as unknown[]).map((v) => JSON.stringify(v)).join(', ')}${d.suggestion === undefined ? '' : ` (did you mean ${s(d.suggestion)}?)`}`,
  },
  'schema.format': {
    severity: 'error',
    area: 'schema',
    doc: 'A string is not well-formed for its kind: IPv4/IPv6 address, network, MAC, time, MM/DD date, weekday, codec name, e-mail, number...',
    message: (d) => `${s(d.value)} is not valid: expected ${String(d.expected)}`,
  },
  'schema.range': {
    severity: 'error',
    area: 'schema',
    doc: 'A number is outside its allowed range (ports 1-65535, call groups 0-63, ...).',
    message: (d) =>
      `${String(d.value)} is out of range: expected ${d.min !== undefined ? `at least ${String(d.min)}` : ''}${d.min !== undefined && d.max !== undefined ? ' and ' : ''}${d.max !== undefined ? `at most ${String(d.max)}` : ''}`,
  },
  'schema.length': {
    severity: 'error',
    area: 'schema',
    doc: 'A string or list is shorter or longer than allowed (an empty name, an ACL list that must not be empty...).',
    message: (d) =>
      `length ${String(d.actual)} is not allowed: expected ${d.min !== undefined ? `at least ${String(d.min)}` : ''}${d.min !== undefined && d.max !== undefined ? ' and ' : ''}${d.max !== undefined ? `at most ${String(d.max)}` : ''}`,
  },
};
