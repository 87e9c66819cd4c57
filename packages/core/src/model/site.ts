import { arr, obj, opt, str, type Schema } from '../schema/schema.js';

/** How people dial out of a site: prefixes and the numbers that are always reachable. */
export interface SiteDialing {
  /** Country calling code without `+`, e.g. `1` (NANP), `44`, `39`. */
  readonly countryCode: string;
  /** Local area codes of the site, e.g. `['813']`. */
  readonly areaCodes?: readonly string[];
  /** Digit(s) dialled for an outside line, e.g. `9` (US) or `0` (UK, Italy). Empty for none. */
  readonly outsideLinePrefix?: string;
  /** Prefix for international calls after the outside line, e.g. `011` or `00`. */
  readonly internationalPrefix?: string;
  /** Trunk prefix for national calls, e.g. `1` (NANP) or `0`. */
  readonly nationalPrefix?: string;
  /** Emergency numbers that must always be dialable, with or without the outside line, e.g. `['911']`. */
  readonly emergencyNumbers: readonly string[];
}

/** A site: a place with its own clusters, time zone and dialing habits (tpa, sfo, lon, ams). */
export interface Site {
  /** User-chosen id, e.g. `tpa`. */
  readonly id: string;
  readonly name: string;
  /** IANA time zone, e.g. `America/New_York`: business hours are evaluated in it. */
  readonly timezone: string;
  readonly dialing: SiteDialing;
  /** DNS domain holding the site's SIP SRV records, e.g. `tpa.example.net`. */
  readonly dnsDomain?: string;
}

/** Schema of {@link Site}. */
export const SITE_SCHEMA: Schema<Site> = obj<Site>('a site')({
  id: str({ format: 'id' }),
  name: str({ minLength: 1 }),
  timezone: str({ format: 'timezone' }),
  dialing: obj<SiteDialing>('dialing settings')({
    countryCode: str({ format: 'number' }),
    areaCodes: opt(arr(str({ format: 'number' }))),
    outsideLinePrefix: opt(str({ format: 'number' })),
    internationalPrefix: opt(str({ format: 'number' })),
    nationalPrefix: opt(str({ format: 'number' })),
    emergencyNumbers: arr(str({ format: 'number' }), { minLength: 1 }),
  }),
  dnsDomain: opt(str({ format: 'hostname' })),
});
