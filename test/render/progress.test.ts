import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/render/progress.ts';

function stream(isTTY: boolean) {
  const s = new PassThrough() as PassThrough & { isTTY?: boolean };
  s.isTTY = isTTY;
  let text = '';
  s.on('data', (c: Buffer) => {
    text += c.toString();
  });
  return { s, text: () => text };
}

describe('progress', () => {
  it('prints one plain line per event when not a terminal', () => {
    const { s, text } = stream(false);
    const p = createProgress(s);
    p.step('create cluster');
    p.stepDone('cluster created', true);
    p.repetition({ level: 0, levels: 2, rps: 500, repetition: 1, repetitions: 3, arm: '1.28.0', remainingMs: 65_000 });
    p.close();
    expect(text()).toBe('❯ create cluster\n✔ cluster created\n  level 1/2 (500 rps) [1.28.0] repetition 2/3, ~1m05s left\n');
    expect(text()).not.toContain('\x1b');
  });

  it('redraws one live line in place on a terminal and clears it before permanent lines', () => {
    const { s, text } = stream(true);
    const p = createProgress(s);
    p.step('install mesh');
    p.stepDone('mesh installed', false);
    p.close();
    expect(text()).toContain('\r\x1b[2K… install mesh (0s)');
    expect(text().endsWith('\r\x1b[2K✖ mesh installed\n')).toBe(true);
  });

  it('is silent with quiet', () => {
    const { s, text } = stream(true);
    const p = createProgress(s, { quiet: true });
    p.step('x');
    p.info('y');
    expect(text()).toBe('');
  });
});
