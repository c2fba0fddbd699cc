import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import { sleepMs } from '../../src/kube/abortable-sleep.ts';

describe('sleepMs', () => {
  it('resolves after the pause', async () => {
    await expect(sleepMs(1)).resolves.toBeUndefined();
  });

  it('rejects at once with the interrupted error when the signal is already aborted', async () => {
    const error = await sleepMs(60_000, AbortSignal.abort()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('INTERRUPTED');
  });

  it('is cut short when the signal aborts during the pause', async () => {
    const controller = new AbortController();
    const sleeping = sleepMs(60_000, controller.signal).catch((e: unknown) => e);
    controller.abort();
    const error = await sleeping;
    expect((error as HarnessError).code).toBe('INTERRUPTED');
  });
});
