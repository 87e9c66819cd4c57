import { isIpv6, isIpv6Network, parseIpv4, parseIpv4Network } from './net.js';

/** A named string format the schema can check. */
export interface Format {
  /** What the user should write, for messages: "an IPv4 address such as 192.168.0.10". */
  readonly expected: string;
  readonly test: (value: string) => boolean;
}

/**
 * Codec names Asterisk 20/22 accepts in `allow=` (its format names, `core show codecs`).
 * `all` is accepted too, as in Asterisk.
 */
export const ASTERISK_CODECS: ReadonlySet<string> = new Set([
  'ulaw', 'alaw', 'gsm', 'g722', 'g729', 'g723', 'g726', 'g726aal2', 'adpcm', 'lpc10', 'ilbc',
  'speex', 'speex16', 'speex32', 'opus', 'silk8', 'silk12', 'silk16', 'silk24', 'siren7', 'siren14',
  'g719', 'codec2', 'testlaw', 'slin', 'slin12', 'slin16', 'slin24', 'slin32', 'slin44', 'slin48',
  'slin96', 'slin192', 'h261', 'h263', 'h263p', 'h264', 'h265', 'mpeg4', 'vp8', 'vp9', 'jpeg', 'png',
  't140', 't140red', 'red', 'all',
]);

const WEEKDAYS = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True for `MM/DD` naming a real day of the year (02/29 allowed). */
export function isMonthDay(value: string): boolean {
  const m = /^([0-9]{2})\/([0-9]{2})$/.exec(value);
  if (m === null) return false;
  const month = Number(m[1]);
  const day = Number(m[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= (DAYS_IN_MONTH[month - 1] as number);
}

/** Seconds since midnight of `HH:MM` or `HH:MM:SS` (24:00:00 is not accepted), or undefined. */
export function parseTimeOfDay(value: string): number | undefined {
  const m = /^([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?$/.exec(value);
  if (m === null) return undefined;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
}

let timeZones: Set<string> | undefined;
function isTimeZone(value: string): boolean {
  timeZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);
  return timeZones.has(value);
}

const EXTEN_LITERAL = /^[0-9A-Za-z*#+_-]+$/;

/** Every format the schema knows, by name. */
export const FORMATS = {
  id: { expected: 'an id of letters, digits, "_", "-" or "." (no spaces)', test: (v: string) => /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(v) },
  context: { expected: 'an Asterisk context name (letters, digits, "_", "-", no spaces, at most 79 characters)', test: (v: string) => /^[A-Za-z0-9_-]{1,79}$/.test(v) },
  ipv4: { expected: 'an IPv4 address such as 192.168.0.10', test: (v: string) => parseIpv4(v) !== undefined },
  ip: { expected: 'an IPv4 or IPv6 address', test: (v: string) => parseIpv4(v) !== undefined || isIpv6(v) },
  network: {
    expected: 'a network such as 10.10.10.0/24, 10.10.10.0/255.255.255.0 or 2001:db8::/32',
    test: (v: string) => parseIpv4Network(v) !== undefined || isIpv6Network(v),
  },
  host: {
    expected: 'a hostname or an IP address',
    test: (v: string) => parseIpv4(v) !== undefined || isIpv6(v) || /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/.test(v),
  },
  hostname: {
    expected: 'a DNS name such as ast16.tpa.example.net',
    test: (v: string) => /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/.test(v),
  },
  mac: {
    expected: 'a MAC address such as 00:04:13:74:41:d7 (or 000413 7441d7 without separators)',
    test: (v: string) => /^([0-9A-Fa-f]{2}([:-]))(?:[0-9A-Fa-f]{2}\2){4}[0-9A-Fa-f]{2}$/.test(v) || /^[0-9A-Fa-f]{12}$/.test(v),
  },
  time: { expected: 'a time of day HH:MM:SS such as 08:00:00', test: (v: string) => parseTimeOfDay(v) !== undefined },
  monthDay: { expected: 'a date MM/DD such as 07/04, or "*"', test: (v: string) => v === '*' || isMonthDay(v) },
  weekday: { expected: 'a weekday mon, tue, wed, thu, fri, sat, sun, or "*"', test: (v: string) => v === '*' || WEEKDAYS.has(v) },
  codec: { expected: 'a codec name Asterisk knows (ulaw, alaw, g722, g729, opus, ...)', test: (v: string) => ASTERISK_CODECS.has(v) },
  email: { expected: 'an e-mail address', test: (v: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) },
  number: { expected: 'a dialable number of digits (and *, #, +)', test: (v: string) => /^[0-9*#+]+$/.test(v) },
  exten: { expected: 'an Asterisk extension (digits, letters, *, #, + and _)', test: (v: string) => EXTEN_LITERAL.test(v) },
  datetime: {
    expected: 'a date and time YYYY-MM-DD HH:MM:SS',
    test: (v: string) => /^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$/.test(v) && !Number.isNaN(Date.parse(v.replace(' ', 'T') + 'Z')),
  },
  timezone: { expected: 'an IANA time zone such as America/New_York', test: isTimeZone },
  eid: { expected: 'a DUNDi entity id (a MAC address such as 00:50:56:aa:bb:01)', test: (v: string) => /^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$/.test(v) },
  callGroups: { expected: 'call groups such as "5" or "1,3-4" (numbers 0-63)', test: isCallGroupList },
  passwordHash: {
    expected: 'a password hash "scrypt$<N>$<r>$<p>$<salt>$<hash>" (never a plain password)',
    test: (v: string) => /^scrypt\$[0-9]+\$[0-9]+\$[0-9]+\$[A-Za-z0-9+/=_-]{16,}\$[A-Za-z0-9+/=_-]{32,}$/.test(v),
  },
} as const satisfies Record<string, Format>;

/** Name of a format in {@link FORMATS}. */
export type FormatName = keyof typeof FORMATS;

function isCallGroupList(v: string): boolean {
  if (!/^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$/.test(v)) return false;
  return v.split(',').every((part) => {
    const [a, b] = part.split('-').map(Number) as [number, number | undefined];
    return a <= 63 && (b === undefined || (b <= 63 && b >= a));
  });
}
