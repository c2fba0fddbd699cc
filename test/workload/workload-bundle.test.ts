/**
 * The bundles as the pods run them: the ConfigMap volume layout (files are symlinks into a
 * timestamped folder), `node --preserve-symlinks-main <file>`, no node_modules, the env of the
 * Deployment. The order-service answers /readyz; the agent loads it and prints its result last.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseAgentLog } from '../../src/platform/kube-common/kube-agent-runner.ts';
import { AGENT_SCRIPT, MAX_SCRIPT_BYTES, ORDER_SERVICE_SCRIPT, scriptCommand } from '../../src/workload/kube-scripts.ts';
import { bundleWorkloadScripts, PREBUILT_BUNDLE_FILES, readPrebuiltScripts, runsCompiled } from '../../src/workload/workload-bundle.ts';
import { tempDir } from '../helpers/temp-dir.ts';

function configMapVolume(files: Record<string, string>): string {
  const dir = tempDir('meshbench-cm-');
  const data = '..2026_11_26_13_00_00.000000001';
  mkdirSync(join(dir, data));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, data, name), text);
  symlinkSync(data, join(dir, '..data'));
  for (const name of Object.keys(files)) symlinkSync(join('..data', name), join(dir, name));
  return dir;
}

describe('the bundled scripts in a ConfigMap volume', () => {
  it('run on a stock node: the order-service serves, the agent measures it and prints its result last', async () => {
    const scripts = await bundleWorkloadScripts();
    expect(Buffer.byteLength(scripts.agent)).toBeLessThan(MAX_SCRIPT_BYTES);
    const volume = configMapVolume({ [ORDER_SERVICE_SCRIPT.fileName]: scripts.orderService, [AGENT_SCRIPT.fileName]: scripts.agent });
    const [node, ...args] = scriptCommand(ORDER_SERVICE_SCRIPT).map((a) => a.replace('/opt/meshbench', volume));
    const service = spawn(node === 'node' ? process.execPath : (node ?? ''), args, {
      cwd: tmpdir(),
      env: { PATH: process.env['PATH'], PORT: '0', HOST: '127.0.0.1', SERVICE_NAME: 'order', RESPONSE_BYTES: '256', ADDED_DELAY_MS: '0', SEED_ORDERS: '50', DOWNSTREAM_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        service.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const line = out.split('\n').find((l) => l.includes('"listening"'));
          if (line) resolve((JSON.parse(line) as { port: number }).port);
        });
        service.on('exit', (code) => reject(new Error(`order-service exited ${code}`)));
      });
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      const agentArgs = scriptCommand(AGENT_SCRIPT).slice(1).map((a) => a.replace('/opt/meshbench', volume));
      const spec = {
        targetUrl: `http://127.0.0.1:${port}`,
        rps: 50,
        engine: 'open',
        arrival: 'uniform',
        connections: 2,
        warmupMs: 100,
        durationMs: 400,
        timeoutMs: 1000,
        maxQueuedRequests: 100,
        requests: [{ name: 'get', method: 'GET', path: '/orders/{id}', weight: 1, body: 'none' }],
        seedOrders: 50,
        seed: 1,
        agentIndex: 0,
        startAtMs: 0,
      };
      const { stdout } = await promisify(execFile)(process.execPath, agentArgs, { cwd: tmpdir(), env: { PATH: process.env['PATH'], MESHBENCH_AGENT_SPEC: JSON.stringify(spec) } });
      const parsed = parseAgentLog(stdout);
      expect(parsed.events.map((e) => e.type)).toEqual(['window-start', 'window-end']);
      expect(parsed.result?.completed).toBe(20);
      expect(parsed.result?.ok).toBe(20);
    } finally {
      service.kill('SIGTERM');
    }
  });
});

describe('where the bundles come from', () => {
  it('compiled (dist/), the build\'s files beside the module; from the sources, esbuild', () => {
    expect(runsCompiled('file:///p/src/workload/workload-bundle.ts')).toBe(false);
    expect(runsCompiled('file:///p/dist/workload/workload-bundle.js')).toBe(true);
  });

  it('reads the prebuilt bundles, and names a missing one with what to do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshbench-prebuilt-'));
    try {
      writeFileSync(join(dir, PREBUILT_BUNDLE_FILES.orderService), 'order();');
      expect(() => readPrebuiltScripts(dir)).toThrow(new RegExp(`${PREBUILT_BUNDLE_FILES.agent} cannot be read: ENOENT`));
      writeFileSync(join(dir, PREBUILT_BUNDLE_FILES.agent), 'agent();');
      expect(readPrebuiltScripts(dir)).toEqual({ orderService: 'order();', agent: 'agent();' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
