import type { RenderContext } from './render-context.js';

/** One generator per Asterisk file: which template renders it and what reloads it. */
export interface Generator {
  /** Path under the server's root, e.g. `etc/asterisk/pjsip.conf`. */
  readonly path: string;
  readonly template: string;
  /** Asterisk CLI command that applies a change of the file. */
  readonly reload: string;
  /** True when the file differs between the servers of a cluster. */
  readonly perServer: boolean;
  /** False when the cluster needs no such file. */
  readonly wanted?: (ctx: RenderContext) => boolean;
}

/** The files rendered for every server, in manifest order: Asterisk's, then the server's README.acm. */
export const ASTERISK_GENERATORS: readonly Generator[] = [
  { path: 'etc/asterisk/acl.conf', template: 'acl.conf.hbs', reload: 'module reload acl', perServer: false },
  { path: 'etc/asterisk/pjsip.conf', template: 'pjsip.conf.hbs', reload: 'module reload res_pjsip.so', perServer: false },
  { path: 'etc/asterisk/extensions.conf', template: 'extensions.conf.hbs', reload: 'dialplan reload', perServer: false },
  { path: 'etc/asterisk/voicemail.conf', template: 'voicemail.conf.hbs', reload: 'voicemail reload', perServer: false },
  { path: 'etc/asterisk/queues.conf', template: 'queues.conf.hbs', reload: 'module reload app_queue.so', perServer: false },
  { path: 'etc/asterisk/res_parking.conf', template: 'res_parking.conf.hbs', reload: 'module reload res_parking.so', perServer: false },
  { path: 'etc/asterisk/musiconhold.conf', template: 'musiconhold.conf.hbs', reload: 'moh reload', perServer: false },
  { path: 'etc/asterisk/confbridge.conf', template: 'confbridge.conf.hbs', reload: 'module reload app_confbridge.so', perServer: false },
  { path: 'etc/asterisk/iax.conf', template: 'iax.conf.hbs', reload: 'iax2 reload', perServer: false },
  { path: 'etc/asterisk/dundi.conf', template: 'dundi.conf.hbs', reload: 'module reload pbx_dundi.so', perServer: false },
  { path: 'etc/asterisk/chan_dahdi.conf', template: 'chan_dahdi.conf.hbs', reload: 'module reload chan_dahdi.so', perServer: false, wanted: (ctx) => ctx.priSpans.length > 0 },
  { path: 'etc/asterisk/manager.conf', template: 'manager.conf.hbs', reload: 'manager reload', perServer: true },
  // Not for Asterisk: what the server must provide (certificates, DUNDi keys, sysctl).
  { path: 'README.acm', template: 'README.acm.hbs', reload: '', perServer: true },
];

/** The reload command for a file Asterisk reads, by its name; empty when none is known. */
export function reloadFor(path: string): string {
  const base = path.split('/').pop() ?? path;
  const hit = ASTERISK_GENERATORS.find((g) => g.path.endsWith(`/${base}`));
  if (hit) return hit.reload;
  if (base.startsWith('extensions')) return 'dialplan reload';
  if (base.startsWith('pjsip')) return 'module reload res_pjsip.so';
  return '';
}
