/**
 * `@acm/ami/asterisk-manager`: an {@link AmiTransport} over the npm `asterisk-manager` library,
 * kept for comparison with ACM's own codec (benchmarks, the client tests' second transport). It is
 * a subpath of its own so that `import '@acm/ami'` never loads the library.
 *
 * @example
 * ```ts
 * import { AmiClient } from '@acm/ami';
 * import { AsteriskManagerTransport } from '@acm/ami/asterisk-manager';
 * const ami = new AmiClient({ host, port, username, secret, transport: () => new AsteriskManagerTransport({ host, port }) });
 * ```
 * @packageDocumentation
 */
export { AsteriskManagerTransport, fromRawObject } from './asterisk-manager-transport.js';
export type { AsteriskManagerTransportOptions, LibraryObject } from './asterisk-manager-transport.js';
export type { AmiTransport } from '../client/ami-transport.js';
