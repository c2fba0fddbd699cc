import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TempDirTracker } from './temp-dir-tracker.ts';

describe('TempDirTracker', () => {
  it('lists and removes the folders still there, once each, and forgets them', () => {
    const tracker = new TempDirTracker();
    const kept = tracker.made(mkdtempSync(join(tmpdir(), 'meshbench-tracker-')));
    const removed = tracker.made(mkdtempSync(join(tmpdir(), 'meshbench-tracker-')));
    tracker.made(kept);
    rmSync(removed, { recursive: true });
    expect(tracker.removeLeftovers()).toEqual([kept]);
    expect(existsSync(kept)).toBe(false);
    expect(tracker.removeLeftovers()).toEqual([]);
  });

  it('startFile forgets the previous file\'s folders', () => {
    const tracker = new TempDirTracker();
    const folder = tracker.made(mkdtempSync(join(tmpdir(), 'meshbench-tracker-')));
    tracker.startFile();
    expect(tracker.removeLeftovers()).toEqual([]);
    rmSync(folder, { recursive: true });
  });
});

describe('the temp-dir guard (setup file)', () => {
  const tracker = (globalThis as { [key: symbol]: TempDirTracker | undefined })[Symbol.for('meshbench.tempDirTracker')];

  it('sees the folders named imports of mkdtempSync and fs/promises mkdtemp make', async () => {
    expect(tracker).toBeInstanceOf(TempDirTracker);
    const sync = mkdtempSync(join(tmpdir(), 'meshbench-guard-'));
    const promised = await mkdtemp(join(tmpdir(), 'meshbench-guard-'));
    // Both recorded: removing them by hand first, the guard then finds nothing left.
    const left = (tracker as TempDirTracker).removeLeftovers();
    expect(left).toEqual(expect.arrayContaining([sync, promised]));
    expect([sync, promised].some((f) => existsSync(f))).toBe(false);
  });
});
