import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadTarget } from '../../../../src/config/config-files.ts';
import { netnsAgentLauncher, planNetnsRun } from '../../../../src/platform/local/netns/netns-plan.ts';
import { REALTIME_AGENT_PRIORITY } from '../../../../src/platform/local/realtime-agent.ts';

const ROOT = join(import.meta.dirname, '../../../..');
const scenario = loadScenario('default', ROOT).spec;
const launchers = { orderService: { command: '/usr/bin/node', args: ['/w/order-service.mjs'] }, agent: { command: '/usr/bin/node', args: ['/w/load-agent.mjs'] } };
const plan = (target: string) => planNetnsRun({ target: loadTarget(target, ROOT).spec, scenario, runId: 'r1', resultPath: '/results/r1.json', workDir: '/w', launchers });

describe('planNetnsRun', () => {
  it('refuses a target that is not netns', () => {
    expect(() => plan('baseline')).toThrow('planNetnsRun needs a netns target');
  });

  it('baseline: namespaces, services in their pods, verification and measurement, no proxies', () => {
    const p = plan('netns-baseline');
    expect(p.target).toEqual({ name: 'netns-baseline', mesh: 'netns', mode: 'baseline', version: null });
    expect(p.steps.map((s) => s.id)).toEqual(['netns-preflight', 'create-namespaces', 'start-services', 'verify', 'measure']);
    const starts = p.steps[2]?.actions.map((a) => (a.kind === 'command' ? [a.tool, ...a.args].join(' ') : ''));
    expect(starts?.[0]).toBe('ip netns exec mb-0a1b2c-fulfillment /usr/bin/node /w/order-service.mjs');
    const measure = p.steps.at(-1)?.actions[0];
    expect(measure?.kind === 'measure' && measure.measurement.targetUrl).toMatch(/^http:\/\/\d+\.\d+\.2\.10:8080$/);
    expect(measure?.description).toContain('`ip netns exec mb-0a1b2c-agent /usr/bin/node /w/load-agent.mjs`');
  });

  it('sidecar: one haproxy per meshed pod and their capture rules', () => {
    const p = plan('netns-sidecar');
    expect(p.steps.map((s) => s.id)).toEqual(['netns-preflight', 'create-namespaces', 'start-services', 'start-proxies', 'capture-rules', 'verify', 'measure']);
    const proxies = p.steps[3]?.actions.filter((a) => a.kind === 'command' && a.args.includes('haproxy')) ?? [];
    // agent + 3 services
    expect(proxies).toHaveLength(4);
    expect(proxies[0]?.kind === 'command' && proxies[0].args).toEqual(['netns', 'exec', 'mb-0a1b2c-agent', 'haproxy', '-db', '-f', '/w/haproxy-sidecar-agent.cfg']);
    const rules = p.steps[4]?.actions ?? [];
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((a) => a.kind === 'command' && a.args.slice(3, 6).join(' ') === 'iptables -t nat')).toBe(true);
  });

  it('node-proxy: one haproxy per node', () => {
    const proxies = plan('netns-node-proxy').steps.find((s) => s.id === 'start-proxies')?.actions.filter((a) => a.kind === 'command' && a.args.includes('haproxy'));
    expect(proxies?.map((a) => (a.kind === 'command' ? a.args[2] : ''))).toEqual(['mb-0a1b2c-node-server', 'mb-0a1b2c-node-client']);
  });

  it('tears down every namespace in reverse, tolerating ones already gone', () => {
    const teardown = plan('netns-baseline').teardown[0]?.actions ?? [];
    expect(teardown[0]).toMatchObject({ kind: 'command', tool: 'ip', args: ['netns', 'delete', 'mb-0a1b2c-outsider'], allowFailure: true });
    expect(teardown.at(-1)).toMatchObject({ args: ['netns', 'delete', 'mb-0a1b2c-node-client'] });
  });
});

describe('netnsAgentLauncher', () => {
  it('runs the agent in its pod namespace, under chrt -f inside it for --realtime-agent', () => {
    expect(netnsAgentLauncher({ launchers, realtimeAgent: false }, 'mb-1-agent')).toEqual({ command: 'ip', args: ['netns', 'exec', 'mb-1-agent', '/usr/bin/node', '/w/load-agent.mjs'] });
    expect(netnsAgentLauncher({ launchers, realtimeAgent: true }, 'mb-1-agent')).toEqual({
      command: 'ip',
      args: ['netns', 'exec', 'mb-1-agent', 'chrt', '-f', String(REALTIME_AGENT_PRIORITY), '/usr/bin/node', '/w/load-agent.mjs'],
    });
  });
});
