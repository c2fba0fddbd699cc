/**
 * A setup file (vitest.config.ts `setupFiles`): every temporary folder a test file makes with
 * mkdtemp, in this process (the test's own code or the code under test; `fs.mkdtempSync`,
 * `fs.mkdtemp` and `fs/promises` `mkdtemp`), must be gone when the file ends. A folder left
 * behind fails the file with its path and is removed. Tests remove what they make in
 * afterEach/afterAll (or with `onTestFinished`).
 *
 * The functions are wrapped once per worker (syncBuiltinESMExports makes named imports of
 * node:fs see the wrapper); the list is reset for each file, as vitest runs the setup file again
 * before every test file, also with isolate: false. Processes the tests start are not watched.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { afterAll } from 'vitest';
import { TempDirTracker } from './temp-dir-tracker.ts';

const KEY = Symbol.for('meshbench.tempDirTracker');
const holder = globalThis as { [KEY]?: TempDirTracker };

if (!holder[KEY]) {
  const tracker = new TempDirTracker();
  holder[KEY] = tracker;
  const sync = fs.mkdtempSync;
  const promised = fs.promises.mkdtemp;
  const callback = fs.mkdtemp;
  fs.mkdtempSync = ((prefix: string, options?: unknown) => tracker.made(sync(prefix, options as never) as string)) as typeof fs.mkdtempSync;
  fs.promises.mkdtemp = (async (prefix: string, options?: unknown) => tracker.made((await promised(prefix, options as never)) as string)) as typeof fs.promises.mkdtemp;
  fs.mkdtemp = ((prefix: string, ...rest: unknown[]) => {
    const done = rest.pop() as (err: NodeJS.ErrnoException | null, folder?: string) => void;
    (callback as (...args: unknown[]) => void)(prefix, ...rest, (err: NodeJS.ErrnoException | null, folder?: string) => done(err, folder === undefined ? folder : tracker.made(folder)));
  }) as typeof fs.mkdtemp;
  syncBuiltinESMExports();
}

const tracker = holder[KEY] as TempDirTracker;
tracker.startFile();
afterAll(() => {
  const left = tracker.removeLeftovers();
  if (left.length > 0) {
    throw new Error(`this test file left ${left.length} temporary folder(s) behind (now removed): ${left.join(', ')}; remove them in afterEach/afterAll`);
  }
});
