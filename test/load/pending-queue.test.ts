import { describe, expect, it } from 'vitest';
import { PendingQueue } from '../../src/load/pending-queue.ts';

interface Waiting {
  name: string;
  deadlineMs: number;
  failed: string | null;
  isExpired(nowMs: number): boolean;
  onError(kind: string): void;
}

function waiting(name: string, deadlineMs = Number.POSITIVE_INFINITY): Waiting {
  return {
    name,
    deadlineMs,
    failed: null,
    isExpired(nowMs) {
      return nowMs > this.deadlineMs;
    },
    onError(kind) {
      this.failed = kind;
    },
  };
}

describe('pending queue', () => {
  it('is FIFO, and a request put back goes to the front', () => {
    const q = new PendingQueue<Waiting>();
    const [a, b, c] = [waiting('a'), waiting('b'), waiting('c')];
    q.push(a);
    q.push(b);
    expect(q.next(0)?.name).toBe('a');
    q.unshift(c);
    q.unshift(a);
    expect([q.next(0), q.next(0), q.next(0), q.next(0)].map((r) => r?.name ?? null)).toEqual(['a', 'c', 'b', null]);
    expect(q.length).toBe(0);
  });

  it('fails requests past their deadline as timeouts when it reaches them, and in the sweep', () => {
    const q = new PendingQueue<Waiting>();
    const late = waiting('late', 10);
    const fine = waiting('fine');
    const alsoLate = waiting('also-late', 10);
    q.push(late);
    q.push(fine);
    q.push(alsoLate);
    expect(q.next(20)?.name).toBe('fine');
    expect(late.failed).toBe('timeout');
    expect(alsoLate.failed).toBeNull();
    q.expire(20);
    expect(alsoLate.failed).toBe('timeout');
    expect(q.length).toBe(0);
  });

  it('keeps order and length over many pushes and takes (compaction)', () => {
    const q = new PendingQueue<Waiting>();
    const taken: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      q.push(waiting(String(i)));
      if (i % 2 === 1) taken.push(q.next(0)?.name ?? '');
    }
    expect(q.length).toBe(2_500);
    expect(taken.slice(0, 3)).toEqual(['0', '1', '2']);
    expect(q.next(0)?.name).toBe('2500');
  });

  it('fails every waiting request at once', () => {
    const q = new PendingQueue<Waiting>();
    const all = [waiting('a'), waiting('b')];
    for (const r of all) q.push(r);
    q.failAll('connect-refused');
    expect(all.map((r) => r.failed)).toEqual(['connect-refused', 'connect-refused']);
    expect(q.length).toBe(0);
  });
});
