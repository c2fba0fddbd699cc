import type { CoreV1Event } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { formatEvents } from '../../src/kube/kube-event-format.ts';

function event(fields: Partial<CoreV1Event> & { name: string }): CoreV1Event {
  const { name, ...rest } = fields;
  return { metadata: {}, involvedObject: { kind: 'Pod', name }, ...rest };
}

describe('formatEvents', () => {
  it('prints when, type, reason, object, message and repeat count, oldest first', () => {
    const lines = formatEvents([
      event({ name: 'b', lastTimestamp: new Date('2026-12-06T10:00:05Z'), type: 'Warning', reason: 'BackOff', message: ' Back-off restarting\n', count: 4 }),
      event({ name: 'a', lastTimestamp: new Date('2026-12-06T10:00:01Z'), reason: 'Scheduled', message: 'assigned', count: 1 }),
    ]);
    expect(lines).toEqual([
      '2026-12-06T10:00:01.000Z Normal Scheduled Pod/a: assigned',
      '2026-12-06T10:00:05.000Z Warning BackOff Pod/b: Back-off restarting (x4)',
    ]);
  });

  it('falls back to eventTime, then firstTimestamp, then creation time, and to "-" without any', () => {
    const lines = formatEvents([
      event({ name: 'none', reason: 'R' }),
      event({ name: 'first', firstTimestamp: new Date('2026-01-01T00:00:02Z'), reason: 'R' }),
      event({ name: 'micro', eventTime: '2026-01-01T00:00:01.500000Z' as unknown as Date, reason: 'R' }),
    ]);
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['-', '2026-01-01T00:00:01.500Z', '2026-01-01T00:00:02.000Z']);
  });

  it('keeps only the newest events up to the limit', () => {
    const events = Array.from({ length: 5 }, (_, i) => event({ name: `p${i}`, lastTimestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), reason: 'R' }));
    expect(formatEvents(events, 2).map((l) => l.split(' ')[3])).toEqual(['Pod/p3:', 'Pod/p4:']);
    expect(formatEvents(events)).toHaveLength(5);
  });
});
