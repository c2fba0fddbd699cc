/** Temporary folders that remove themselves. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

/**
 * A new folder `<tmpdir>/<prefix>XXXXXX`, removed after the test that made it (called in a test or
 * a beforeEach hook) or after the file (called at the top of the file or in a describe body). A
 * beforeAll hook cannot register a removal: there, make the folder with mkdtempSync and remove it
 * in afterAll (test/helpers/temp-dir-guard.ts fails a file that leaves one behind).
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    onTestFinished(remove);
  } catch {
    afterAll(remove);
  }
  return dir;
}
