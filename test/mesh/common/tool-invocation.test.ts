import { describe, expect, it } from 'vitest';
import { bashAction, setFlags, shellLine, toolFile } from '../../../src/mesh/common/tool-invocation.ts';

describe('toolFile', () => {
  it('names the cached pinned binary, or the bare tool for PATH', () => {
    expect(toolFile({ tool: 'istioctl', version: '1.30.3', toolsDir: '/cache/tools' })).toBe('/cache/tools/istioctl/1.30.3/istioctl');
    expect(toolFile({ tool: 'istioctl', version: '1.30.3', toolsDir: null })).toBe('istioctl');
  });
});

describe('shellLine', () => {
  it('quotes each word only as needed', () => {
    expect(shellLine('linkerd', ['install', '--set', 'a=b'])).toBe('linkerd install --set a=b');
    expect(shellLine('/path with space/linkerd', ["it's", ''])).toBe(`'/path with space/linkerd' 'it'\\''s' ''`);
  });
});

describe('bashAction', () => {
  it('runs the script with set -euo pipefail, passing env only when given', () => {
    expect(bashAction({ description: 'd', script: 'a | b', timeoutMs: 5 })).toEqual({ kind: 'command', description: 'd', tool: 'bash', args: ['-c', 'set -euo pipefail; a | b'], timeoutMs: 5 });
    expect(bashAction({ description: 'd', script: 'a', timeoutMs: 5, env: { K: 'v' } })).toHaveProperty('env', { K: 'v' });
  });
});

describe('setFlags', () => {
  it('makes --set pairs in key order', () => {
    expect(setFlags({ 'b.x': '2', 'a.y': '1' })).toEqual(['--set', 'a.y=1', '--set', 'b.x=2']);
    expect(setFlags({})).toEqual([]);
  });
});
