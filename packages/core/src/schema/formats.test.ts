import { describe, expect, it } from 'vitest';
import { FORMATS, parseTimeOfDay } from './formats.js';
import { isIpv6, parseIpv4Network } from './net.js';

const ok = (f: keyof typeof FORMATS, v: string): boolean => FORMATS[f].test(v);

describe('formats', () => {
  it('IPv4 and IPv6 addresses', () => {
    expect(['192.168.0.218', '0.0.0.0', '255.255.255.255'].every((v) => ok('ipv4', v))).toBe(true);
    expect(['192.168.0', '256.1.1.1', '01.2.3.4', '1.2.3.4 '].some((v) => ok('ipv4', v))).toBe(false);
    expect(['::1', '2001:db8::1', 'fe80::1:2:3:4', '::ffff:192.168.0.1', '1:2:3:4:5:6:7:8'].every(isIpv6)).toBe(true);
    expect(['1:2:3:4:5:6:7:8:9', '2001::db8::1', 'g::1', ':'].some(isIpv6)).toBe(false);
  });

  it('networks in CIDR and Asterisk netmask form; non-contiguous masks are rejected', () => {
    expect(parseIpv4Network('10.10.10.64/255.255.255.252')).toEqual({ address: 0x0a0a0a40, prefix: 30 });
    expect(parseIpv4Network('10.10.20.0/25')).toEqual({ address: 0x0a0a1400, prefix: 25 });
    expect(parseIpv4Network('10.0.0.0/255.0.255.0')).toBeUndefined();
    expect(parseIpv4Network('10.0.0.0/33')).toBeUndefined();
    expect(ok('network', '2001:db8::/32')).toBe(true);
  });

  it('MAC addresses, with or without separators', () => {
    expect(['00:04:13:74:41:d7', '00-04-13-74-41-D7', '0004137441d7'].every((v) => ok('mac', v))).toBe(true);
    expect(['00:04:13:74:41', '00:04-13:74:41:d7', '0004137441dz'].some((v) => ok('mac', v))).toBe(false);
  });

  it('times, MM/DD dates, weekdays', () => {
    expect(parseTimeOfDay('23:59:59')).toBe(86399);
    expect(parseTimeOfDay('08:00')).toBe(28800);
    expect(parseTimeOfDay('24:00:00')).toBeUndefined();
    expect(['07/04', '02/29', '12/31', '*'].every((v) => ok('monthDay', v))).toBe(true);
    expect(['02/30', '13/01', '7/4', '00/10'].some((v) => ok('monthDay', v))).toBe(false);
    expect(['mon', 'sun', '*'].every((v) => ok('weekday', v))).toBe(true);
    expect(['Mon', 'monday'].some((v) => ok('weekday', v))).toBe(false);
  });

  it('codec names Asterisk knows', () => {
    expect(['ulaw', 'alaw', 'g722', 'g729', 'opus'].every((v) => ok('codec', v))).toBe(true);
    expect(['pcmu', 'G711', 'ulaw '].some((v) => ok('codec', v))).toBe(false);
  });

  it('call groups 0-63 with ranges', () => {
    expect(['5', '1,3-4', '0-63'].every((v) => ok('callGroups', v))).toBe(true);
    expect(['64', '4-3', '1,,2', 'a'].some((v) => ok('callGroups', v))).toBe(false);
  });
});
