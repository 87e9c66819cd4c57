/** Reading Asterisk configuration files back (sections, templates, includes) and checking pjsip objects. */
export type { AsteriskConfig, ConfigEntry, ConfigProblem, ConfigSection, ParseConfigOptions } from './parse-asterisk-config.js';
export { effectiveEntries, parseAsteriskConfig } from './parse-asterisk-config.js';
export { PJSIP_OPTIONS, checkPjsipConfig } from './pjsip-options.js';
