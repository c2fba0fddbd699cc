import { describe, expect, it } from 'vitest';
import { toolVersionProbe } from '../../src/tools/tool-releases.ts';
import { toolOutput } from '../helpers/tool-output.ts';

describe('helm output', () => {
  it('reads the short version', () => {
    expect(toolVersionProbe('helm').parse(toolOutput('helm', 'v3.18.4', 'version-short.txt'))).toBe('v3.18.4');
  });
});
