/**
 * The downstream of a fan-out entry (workload `topology: fan-out`): every request is sent to all
 * of its services at once, and the answer waits for all of them. It fails when any one fails,
 * naming which; otherwise the chain depth is the deepest branch's and the service count the sum
 * of the branches'. Each branch keeps its own client and so its own connection pool, whatever
 * the protocol (HTTP/1.1, h2c, gRPC).
 */
import type { Downstream, DownstreamResult, ForwardedRequest } from './downstream-call.ts';

export class DownstreamFanOut implements Downstream {
  readonly #branches: ReadonlyArray<{ url: string; client: Downstream }>;

  constructor(branches: ReadonlyArray<{ url: string; client: Downstream }>) {
    if (branches.length === 0) throw new RangeError('a fan-out needs at least one downstream');
    this.#branches = branches;
  }

  async forward(forwarded: ForwardedRequest): Promise<DownstreamResult> {
    const answers = await Promise.all(this.#branches.map((b) => b.client.forward(forwarded)));
    let chainDepth = 0;
    let serviceCount = 0;
    const failures: string[] = [];
    answers.forEach((answer, i) => {
      if (!answer.ok) failures.push(`${this.#branches[i]?.url}: ${answer.reason}`);
      else {
        chainDepth = Math.max(chainDepth, answer.chainDepth);
        serviceCount += answer.serviceCount;
      }
    });
    if (failures.length > 0) return { ok: false, reason: `${failures.length} of ${answers.length} failed (${failures.join('; ')})` };
    return { ok: true, chainDepth, serviceCount };
  }

  close(): void {
    for (const b of this.#branches) b.client.close();
  }
}
