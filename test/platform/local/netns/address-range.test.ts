import { describe, expect, it } from 'vitest';
import { cidrRange, pickFreeRange, routedPrefixes } from '../../../../src/platform/local/netns/address-range.ts';

const HOST = `default via 192.0.2.1 dev eth0
192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1
broadcast 192.0.2.255 dev eth0 table local proto kernel scope link src 192.0.2.2`;

describe('address range of a netns run', () => {
  it('reads destination prefixes of every table, default excluded', () => {
    expect(routedPrefixes(HOST)).toEqual(['192.0.2.0/24', '127.0.0.0/8', '192.0.2.255']);
    expect(cidrRange('10.213.7.9/16')).toEqual([cidrRange('10.213.0.0')?.[0], cidrRange('10.213.255.255')?.[0]]);
  });

  it('takes the first candidate no host route overlaps', () => {
    expect(pickFreeRange(HOST).range).toBe('10.213');
    const clash = pickFreeRange(`${HOST}\n10.213.4.0/24 dev docker0\n10.0.0.0/8 via 192.0.2.9 dev eth0`, ['10.213', '172.29']);
    expect(clash).toEqual({ range: '172.29', clashes: ['10.213.0.0/16 overlaps the host route 10.213.4.0/24'] });
  });

  it('refuses when every candidate clashes', () => {
    const r = pickFreeRange('10.0.0.0/8 dev eth1\n172.16.0.0/12 dev eth2');
    expect(r.range).toBeNull();
    expect(r.clashes).toHaveLength(5);
  });
});
