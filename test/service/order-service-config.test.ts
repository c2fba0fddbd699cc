import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ORDER_SERVICE_CONFIG,
  OrderServiceConfigError,
  orderServiceEnv,
  parseOrderServiceEnv,
  resolveOrderServiceConfig, downstreamUrlList } from '../../src/service/order-service-config.ts';

function problemsOf(env: Record<string, string>): string[] {
  const result = parseOrderServiceEnv(env);
  return result.ok ? [] : result.problems;
}

describe('parseOrderServiceEnv', () => {
  it('uses the defaults for an empty environment (and for empty variables)', () => {
    expect(parseOrderServiceEnv({})).toEqual({ ok: true, config: DEFAULT_ORDER_SERVICE_CONFIG });
    expect(parseOrderServiceEnv({ PORT: '', DOWNSTREAM_URL: '' })).toEqual({ ok: true, config: DEFAULT_ORDER_SERVICE_CONFIG });
  });

  it('reads every variable', () => {
    const result = parseOrderServiceEnv({
      PORT: '8080',
      HOST: '0.0.0.0',
      SERVICE_NAME: 'gateway',
      RESPONSE_BYTES: '1024',
      ADDED_DELAY_MS: '2.5',
      CPU_COST_US: '40',
      DOWNSTREAM_URL: 'http://order:8080',
      DOWNSTREAM_TIMEOUT_MS: '3000',
      DOWNSTREAM_MAX_SOCKETS: '64',
      SEED_ORDERS: '10',
      MAX_ORDERS: '500',
      MAX_BODY_BYTES: '4096',
      SHUTDOWN_TIMEOUT_MS: '2000',
      SHUTDOWN_DRAIN_MS: '100',
    });
    expect(result).toEqual({
      ok: true,
      config: {
        port: 8080,
        host: '0.0.0.0',
        serviceName: 'gateway',
        responseBytes: 1024,
        addedDelayMs: 2.5,
        cpuCostUs: 40,
        downstreamUrl: 'http://order:8080',
        downstreamTimeoutMs: 3000,
        downstreamMaxSockets: 64,
        seedOrders: 10,
        maxOrders: 500,
        maxBodyBytes: 4096,
        shutdownTimeoutMs: 2000,
        shutdownDrainMs: 100,
      },
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['RESPONSE_BYTES', '1e3'],
    ['ADDED_DELAY_MS', '-2'],
    ['ADDED_DELAY_MS', 'fast'],
    ['SEED_ORDERS', ' 10'],
    ['MAX_ORDERS', '0'],
    ['MAX_BODY_BYTES', '0'],
    ['HOST', 'not a host'],
    ['SERVICE_NAME', 'Order_Service'],
    ['DOWNSTREAM_URL', 'order:8080'],
    ['DOWNSTREAM_URL', 'https://order:8443'],
    ['DOWNSTREAM_URL', 'http://order:8080/api'],
    ['DOWNSTREAM_URL', 'http://order-1:8080,order-2:8080'],
    ['DOWNSTREAM_URL', 'http://order-1:8080,http://order-1:8080'],
  ])('refuses %s=%j, naming the variable', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
    expect(problems[0]).toContain(JSON.stringify(value));
  });

  it('reads several comma-separated URLs as a fan-out', () => {
    const parsed = parseOrderServiceEnv({ DOWNSTREAM_URL: 'http://order-1:8080,http://order-2:8080' });
    expect(parsed.ok && parsed.config.downstreamUrl).toBe('http://order-1:8080,http://order-2:8080');
    expect(downstreamUrlList('http://a:1, http://b:2')).toEqual(['http://a:1', 'http://b:2']);
    expect(problemsOf({ DOWNSTREAM_URL: 'http://a:1,ftp://b:2' })).toEqual([expect.stringContaining('"ftp://b:2" must be an http:// URL')]);
  });

  it('lists every bad variable', () => {
    expect(problemsOf({ PORT: 'x', MAX_ORDERS: 'y', HOST: '' })).toEqual([
      expect.stringMatching(/^PORT: /),
      expect.stringMatching(/^MAX_ORDERS: /),
    ]);
  });
});

describe('orderServiceEnv', () => {
  it('renders the variables the program reads back to the same config', () => {
    const config = { ...DEFAULT_ORDER_SERVICE_CONFIG, port: 9000, addedDelayMs: 0.5, downstreamUrl: 'http://127.0.0.1:9001' };
    const env = orderServiceEnv(config);
    expect(env).toMatchObject({ PORT: '9000', ADDED_DELAY_MS: '0.5', DOWNSTREAM_URL: 'http://127.0.0.1:9001' });
    expect(parseOrderServiceEnv(env)).toEqual({ ok: true, config });
  });

  it('TLS_CLIENT_CA_FILE round-trips and needs the certificate and key', () => {
    const config = { ...DEFAULT_ORDER_SERVICE_CONFIG, tlsCertFile: '/t/s.crt', tlsKeyFile: '/t/s.key', tlsClientCaFile: '/t/ca.crt' };
    const env = orderServiceEnv(config);
    expect(env).toMatchObject({ TLS_CERT_FILE: '/t/s.crt', TLS_KEY_FILE: '/t/s.key', TLS_CLIENT_CA_FILE: '/t/ca.crt' });
    expect(parseOrderServiceEnv(env)).toEqual({ ok: true, config });
    expect(parseOrderServiceEnv({ TLS_CLIENT_CA_FILE: '/t/ca.crt' })).toEqual({ ok: false, problems: ['TLS_CLIENT_CA_FILE needs TLS_CERT_FILE and TLS_KEY_FILE (client certificates are asked for over TLS only)'] });
  });

  it('omits fields left undefined', () => {
    expect(orderServiceEnv({ responseBytes: 512 })).toEqual({ RESPONSE_BYTES: '512' });
  });
});

describe('resolveOrderServiceConfig', () => {
  it('fills defaults', () => {
    expect(resolveOrderServiceConfig({ seedOrders: 5 })).toEqual({ ...DEFAULT_ORDER_SERVICE_CONFIG, seedOrders: 5 });
  });

  it('throws naming every bad field', () => {
    try {
      resolveOrderServiceConfig({ port: -1, addedDelayMs: Number.NaN, maxBodyBytes: 1.5, serviceName: 'A B' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(OrderServiceConfigError);
      const problems = (err as OrderServiceConfigError).problems;
      expect(problems.map((p) => p.split(':')[0])).toEqual(['port', 'addedDelayMs', 'maxBodyBytes', 'serviceName']);
    }
  });
});
