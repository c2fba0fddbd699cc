/**
 * Events as one line each, oldest first, like `kubectl events`: when, type, reason, object and
 * message (with the repeat count). Used in NOT_READY errors and diagnostics.
 */
import type { CoreV1Event } from '@kubernetes/client-node';

function eventTime(e: CoreV1Event): number {
  const t = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp;
  if (t instanceof Date) return t.getTime();
  return typeof t === 'string' ? Date.parse(t) : 0;
}

/** Formats events oldest first, keeping the newest `limit`. */
export function formatEvents(events: readonly CoreV1Event[], limit = 20): string[] {
  const sorted = events.toSorted((a, b) => eventTime(a) - eventTime(b)).slice(-limit);
  return sorted.map((e) => {
    const when = eventTime(e) > 0 ? new Date(eventTime(e)).toISOString() : '-';
    const object = `${e.involvedObject.kind ?? '?'}/${e.involvedObject.name ?? '?'}`;
    const count = (e.count ?? 1) > 1 ? ` (x${e.count})` : '';
    return `${when} ${e.type ?? 'Normal'} ${e.reason ?? ''} ${object}: ${(e.message ?? '').trim()}${count}`;
  });
}
