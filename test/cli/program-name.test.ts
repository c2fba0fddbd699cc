import { describe, expect, it } from 'vitest';
import { programNameOf, renameProgram } from '../../src/cli/program-name.ts';

describe('programNameOf', () => {
  it('is meshbench for the meshbench bin, bench for everything else', () => {
    expect(programNameOf('/usr/lib/node_modules/.bin/meshbench')).toBe('meshbench');
    expect(programNameOf('/p/node_modules/.bin/bench')).toBe('bench');
    expect(programNameOf('/p/node_modules/meshbench/bin/bench.js')).toBe('bench');
    expect(programNameOf('/repo/src/cli/bench-main.ts')).toBe('bench');
    expect(programNameOf('/p/bin/meshbench.js')).toBe('meshbench');
    expect(programNameOf('/p/.bin/meshbench-old')).toBe('bench');
    expect(programNameOf(undefined)).toBe('bench');
  });
});

describe('renameProgram', () => {
  it('renames the program in usage lines, examples and hints', () => {
    const text = 'Usage: bench compare [options] <base...>\n  bench compare base.json head.json --gate gates.yaml\nhint: run `bench --help`; or "bench clusters delete x" (bench run <target>)';
    expect(renameProgram(text, 'meshbench')).toBe(
      'Usage: meshbench compare [options] <base...>\n  meshbench compare base.json head.json --gate gates.yaml\nhint: run `meshbench --help`; or "meshbench clusters delete x" (meshbench run <target>)',
    );
  });

  it('leaves other words, paths and the bench name alone', () => {
    const text = 'meshbench compare; benchmark run; npm run bench:cli; /tmp/bench/x; bench.\n';
    expect(renameProgram(text, 'meshbench')).toBe(text);
    expect(renameProgram('Usage: bench compare', 'bench')).toBe('Usage: bench compare');
  });
});
