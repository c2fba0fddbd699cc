import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compilePacedFloor, parseFloorLine, runPacedFloor } from '../../bench/paced-floor.ts';
import { ExecaCommandRunner } from '../../src/exec/command-runner.ts';

const hasGcc = (() => {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('parseFloorLine', () => {
  it('reads the JSON line the floor prints', () => {
    const run = parseFloorLine('{"completed":10,"seconds":1,"cpuSeconds":0.01,"wakes":12,"lagP50Us":5,"lagP99Us":9,"lagMaxUs":11,"latencyP50Us":50,"latencyP99Us":90}\n');
    expect(run).toMatchObject({ completed: 10, lagP99Us: 9, latencyP99Us: 90 });
  });
  it('refuses output with no result or no completed request', () => {
    expect(() => parseFloorLine('connect: refused\n')).toThrow(/no result/);
    expect(() => parseFloorLine('{"completed":0}')).toThrow(/no request/);
  });
});

describe.skipIf(!hasGcc)('the floor program (gcc on the PATH)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshbench-floor-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles, and paces requests at the rate with Content-Length framing in any letter case', async () => {
    const floor = compilePacedFloor(dir);
    if (!('binary' in floor)) throw new Error(floor.skipped);
    // The floor reads Content-Length framing only (haproxy's answer in the benchmark). Node writes
    // "Content-Length", and the body holds a blank line: a parser that missed the header would
    // count the body as a second response.
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'Content-Length': '8' }).end('ok\r\n\r\nok');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const common = { runner: new ExecaCommandRunner(), binary: floor.binary, port: (server.address() as AddressInfo).port, connections: 4, cpuList: null };
      const open = await runPacedFloor({ ...common, mode: 'open', rate: 400, seconds: 0.5 });
      expect(open.completed).toBe(200);
      expect(requests).toBe(200);
      expect(open.lagP50Us).toBeLessThanOrEqual(open.lagP99Us);
      expect(open.latencyP50Us).toBeGreaterThan(0);
      const closed = await runPacedFloor({ ...common, mode: 'closed', rate: 0, seconds: 0.3 });
      expect(closed.completed).toBeGreaterThan(10);
    } finally {
      server.close();
    }
  });

  it('exits 2 on bad arguments', async () => {
    const floor = compilePacedFloor(dir);
    if (!('binary' in floor)) throw new Error(floor.skipped);
    await expect(runPacedFloor({ runner: new ExecaCommandRunner(), binary: floor.binary, port: 1, mode: 'open', rate: 0, connections: 1, seconds: 1, cpuList: null })).rejects.toThrow();
  });
});
