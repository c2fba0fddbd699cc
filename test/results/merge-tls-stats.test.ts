import { describe, expect, it } from 'vitest';
import { describeRunTls, mergeTlsStats } from '../../src/results/merge-tls-stats.ts';

describe('mergeTlsStats', () => {
  it('is null when no part spoke TLS', () => {
    expect(mergeTlsStats([])).toBeNull();
    expect(mergeTlsStats([null, undefined])).toBeNull();
  });

  it('sums the counts and lists each version and cipher once, in first-seen order', () => {
    const merged = mergeTlsStats([
      { version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', handshakes: 4, resumedSessions: 0 },
      null,
      { version: 'TLSv1.2, TLSv1.3', cipher: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLS_AES_256_GCM_SHA384', handshakes: 6, resumedSessions: 5 },
    ]);
    expect(merged).toEqual({
      version: 'TLSv1.3, TLSv1.2',
      cipher: 'TLS_AES_256_GCM_SHA384, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
      handshakes: 10,
      resumedSessions: 5,
    });
  });
});

describe('describeRunTls', () => {
  it('one line over every repetition of a run, or null for http://', () => {
    expect(describeRunTls([{ generator: {} }, { generator: {} }])).toBeNull();
    const tls = { version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', handshakes: 4, resumedSessions: 1 };
    expect(describeRunTls([{ generator: { tls } }, { generator: { tls: { ...tls, handshakes: 1, resumedSessions: 1 } } }])).toBe('TLSv1.3 TLS_AES_256_GCM_SHA384; 5 handshakes, 2 resumed');
    expect(describeRunTls([{ generator: { tls: { ...tls, handshakes: 1, resumedSessions: 0 } } }])).toBe('TLSv1.3 TLS_AES_256_GCM_SHA384; 1 handshake, 0 resumed');
  });
});
