import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import {
  AGENT_SCRIPT,
  MAX_SCRIPT_BYTES,
  ORDER_SERVICE_SCRIPT,
  scriptCommand,
  scriptConfigMap,
  scriptSha256,
  scriptVolumes,
} from '../../src/workload/kube-scripts.ts';

describe('scriptConfigMap', () => {
  it('carries the script under its file name with its sha256 as an annotation', () => {
    const text = 'console.log("hi")';
    const cm = scriptConfigMap({ script: AGENT_SCRIPT, text, namespace: 'bench', runId: 'r1' });
    expect(cm).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'meshbench-agent-script', namespace: 'bench', labels: { 'meshbench.io/run': 'r1' } },
      data: { 'agent.mjs': text },
    });
    expect(cm.metadata.annotations?.['meshbench.io/script-sha256']).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('refuses a script over the object limit, counting bytes rather than characters', () => {
    const fits = 'x'.repeat(MAX_SCRIPT_BYTES);
    expect(() => scriptConfigMap({ script: AGENT_SCRIPT, text: fits, namespace: 'n', runId: 'r' })).not.toThrow();
    // 500 001 two-byte characters: under the limit in characters, over it in bytes.
    const wide = 'é'.repeat(MAX_SCRIPT_BYTES / 2 + 1);
    let error: unknown;
    try {
      scriptConfigMap({ script: ORDER_SERVICE_SCRIPT, text: wide, namespace: 'n', runId: 'r' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('INTERNAL');
    expect((error as HarnessError).message).toBe(`bundled order-service.mjs is ${MAX_SCRIPT_BYTES + 2} bytes, over the ${MAX_SCRIPT_BYTES}-byte ConfigMap limit`);
  });
});

describe('script volumes and command', () => {
  it('mounts the ConfigMap read-only at /opt/meshbench with a writable /tmp', () => {
    const { volumes, volumeMounts } = scriptVolumes(ORDER_SERVICE_SCRIPT);
    expect(volumes).toEqual([
      { name: 'scripts', configMap: { name: 'meshbench-order-service-script', defaultMode: 0o444 } },
      { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
    ]);
    expect(volumeMounts).toEqual([
      { name: 'scripts', mountPath: '/opt/meshbench', readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
  });

  it('runs the mounted file with symlinks preserved', () => {
    expect(scriptCommand(AGENT_SCRIPT)).toEqual(['node', '--preserve-symlinks-main', '/opt/meshbench/agent.mjs']);
    expect(ORDER_SERVICE_SCRIPT.path).toBe('/opt/meshbench/order-service.mjs');
  });

  it('hashes text as hex sha256', () => {
    expect(scriptSha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
