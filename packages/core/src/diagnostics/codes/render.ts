import type { CatalogueSection } from '../catalogue-entry.js';

const s = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** Codes of `@acm/render`: what stops files from being rendered correctly (the files are then left out). */
export const RENDER_CODES: CatalogueSection = {
  'render.secret-unresolved': {
    severity: 'error',
    area: 'render',
    doc: 'A secret reference cannot be resolved when rendering: the environment variable is not set, or the file is missing, unreadable or empty. `data.reason` says which (`env-unset`, `file-unreadable`, `file-empty`); the value is never shown.',
    message: (d) => `the secret of ${s(d.field)} cannot be resolved: ${String(d.detail)}`,
  },
  'render.secret-sealed': {
    severity: 'error',
    area: 'render',
    doc: 'A sealed secret needs the site key, which the renderer does not have.',
    message: (d) => `the secret of ${s(d.field)} is sealed: the renderer cannot open it`,
  },
  'render.unknown-cluster': {
    severity: 'error',
    area: 'render',
    doc: 'The render was asked for a cluster the enterprise does not have (`clusters` option).',
    message: (d) => `no cluster ${s(d.cluster)} to render`,
  },
  'render.unknown-server': {
    severity: 'error',
    area: 'render',
    doc: 'A render context was asked for a server its cluster does not have.',
    message: (d) => `cluster ${s(d.cluster)} has no server ${s(d.server)}`,
  },
  'render.template-root': {
    severity: 'error',
    area: 'render',
    doc: 'The site customisation root (`templateRoot`, `--templates`) is not a directory: nothing is rendered.',
    message: (d) => `no template directory ${s(d.templateRoot)}`,
  },
  'render.template': {
    severity: 'error',
    area: 'render',
    doc: 'A template (a site or cluster override, or an extra file) does not compile or names a value the render context lacks (templates are strict). `data.template` is its file, `data.error` what Handlebars said.',
    message: (d) => `template ${s(d.template)} failed: ${String(d.error)}`,
  },
  'render.template-missing': {
    severity: 'error',
    area: 'render',
    doc: 'A template the renderer needs is in none of the override directories nor built in.',
    message: (d) => `no template ${s(d.template)}`,
  },
  'render.server-left-out': {
    severity: 'error',
    area: 'render',
    doc: 'A server\'s files could not all be rendered correctly (see the other render findings of its cluster): the server is left out of the result rather than rendered wrong.',
    message: (d) => `server ${s(d.server)} of cluster ${s(d.cluster)} is left out: ${String(d.problems)} problem(s) in its files`,
  },
  'render.files-left-out': {
    severity: 'error',
    area: 'render',
    doc: 'Files outside the servers (a cluster\'s provisioning files, the number plan, a DNS zone) could not be rendered correctly and are left out.',
    message: (d) => `${String(d.what)} left out: ${String(d.problems)} problem(s)`,
  },
  'render.cluster-not-planned': {
    severity: 'error',
    area: 'render',
    doc: '`planDeployments` makes no plan for a cluster one of whose servers is left out: a cluster is deployed as a whole.',
    message: (d) => `no deployment plan for cluster ${s(d.cluster)}: server(s) ${String(d.servers)} could not be rendered`,
  },
};
