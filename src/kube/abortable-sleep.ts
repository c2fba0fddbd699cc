/**
 * A pause that an AbortSignal cuts short with the harness's interrupted error: the wait between
 * polls and retries of the KubeClient.
 */
import { interruptedError } from '../errors.ts';

/** Sleeps `ms`; rejects with the interrupted error at once, or as soon as `signal` aborts. */
export async function sleepMs(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw interruptedError();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(interruptedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
