import { describe, expect, it } from 'vitest';
import type { Downstream, DownstreamResult, ForwardedRequest } from '../../src/service/downstream-call.ts';
import { DownstreamFanOut } from '../../src/service/downstream-fan-out.ts';

/** Branches that record the request, how many calls are in flight at once, and which have answered. */
function branches(results: DownstreamResult[]) {
  const seen: ForwardedRequest[][] = results.map(() => []);
  const answered: boolean[] = results.map(() => false);
  const closed: boolean[] = results.map(() => false);
  const track = { inFlight: 0, maxInFlight: 0 };
  const release: Array<() => void> = [];
  const clients: Downstream[] = results.map((result, i) => ({
    forward: async (request) => {
      seen[i]?.push(request);
      track.inFlight++;
      track.maxInFlight = Math.max(track.maxInFlight, track.inFlight);
      await new Promise<void>((resolve) => release.push(resolve));
      track.inFlight--;
      answered[i] = true;
      return result;
    },
    close: () => {
      closed[i] = true;
    },
  }));
  return { clients, seen, answered, closed, track, release };
}

const request: ForwardedRequest = { method: 'GET', path: '/orders/1', body: undefined, headers: {}, protocol: 'grpc' };

/** Lets every pending branch answer, once all of them have been called. */
async function answerAll(b: ReturnType<typeof branches>, count: number): Promise<void> {
  while (b.release.length < count) await new Promise((resolve) => setImmediate(resolve));
  for (const r of b.release.splice(0)) r();
}

describe('DownstreamFanOut', () => {
  it('calls every branch at once with the same request and answers once all have answered', async () => {
    const b = branches([
      { ok: true, chainDepth: 1, serviceCount: 1 },
      { ok: true, chainDepth: 2, serviceCount: 2 },
      { ok: true, chainDepth: 1, serviceCount: 1 },
    ]);
    const fanOut = new DownstreamFanOut(b.clients.map((client, i) => ({ url: `http://s${i}:8080`, client })));
    const pending = fanOut.forward(request);
    await answerAll(b, 3);
    // Deepest branch's depth, every branch's services summed.
    expect(await pending).toEqual({ ok: true, chainDepth: 2, serviceCount: 4 });
    expect(b.seen).toEqual([[request], [request], [request]]);
    // In parallel: all three were in flight together (a sequential fan-out would peak at 1).
    expect(b.track.maxInFlight).toBe(3);
    expect(b.answered).toEqual([true, true, true]);
  });

  it('fails when any branch fails, naming each failed one, and only after all have answered', async () => {
    const b = branches([{ ok: true, chainDepth: 1, serviceCount: 1 }, { ok: false, reason: 'answered 503' }, { ok: false, reason: 'no answer within 5 ms' }]);
    const fanOut = new DownstreamFanOut(['http://a:8080', 'http://b:8080', 'http://c:8080'].map((url, i) => ({ url, client: b.clients[i] as Downstream })));
    let settled = false;
    const pending = fanOut.forward(request).finally(() => {
      settled = true;
    });
    while (b.release.length < 3) await new Promise((resolve) => setImmediate(resolve));
    // Let the failing branches answer first: the fan-out still waits for the slow one.
    b.release[1]?.();
    b.release[2]?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    b.release[0]?.();
    expect(await pending).toEqual({ ok: false, reason: '2 of 3 failed (http://b:8080: answered 503; http://c:8080: no answer within 5 ms)' });
  });

  it('closes every branch, and refuses an empty fan-out', () => {
    const b = branches([{ ok: true, chainDepth: 1, serviceCount: 1 }, { ok: true, chainDepth: 1, serviceCount: 1 }]);
    new DownstreamFanOut(b.clients.map((client, i) => ({ url: `http://s${i}:8080`, client }))).close();
    expect(b.closed).toEqual([true, true]);
    expect(() => new DownstreamFanOut([])).toThrow(/at least one downstream/);
  });
});
