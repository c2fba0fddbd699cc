import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OrderService, startOrderService } from '../../src/service/order-service.ts';
import { httpExchange } from './http-exchange.ts';

const MAX_BODY_BYTES = 1_024;

interface RawAnswer {
  head: string;
  status: number;
  elapsedMs: number;
  /** Resolves when the server closed the connection. */
  closed: Promise<void>;
}

/** Opens a raw connection, lets `write` send (part of) a request, and waits for the answer head. */
function rawExchange(port: number, write: (socket: Socket) => void): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const startedMs = performance.now();
    const closed = new Promise<void>((resolveClosed) => socket.on('close', () => resolveClosed()));
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within 3 s; received ${JSON.stringify(received)}`));
    }, 3_000);
    socket.on('error', () => undefined); // a reset after the answer is expected
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      const end = received.indexOf('\r\n\r\n');
      if (end !== -1) {
        clearTimeout(timer);
        const head = received.slice(0, end);
        resolve({ head, status: Number(head.split(' ')[1]), elapsedMs: performance.now() - startedMs, closed });
      }
    });
    socket.on('connect', () => write(socket));
  });
}

describe('order-service request body limit', () => {
  let service: OrderService;

  beforeAll(async () => {
    service = await startOrderService({ maxBodyBytes: MAX_BODY_BYTES, responseBytes: 0 });
  });
  afterAll(() => service.close());

  it('answers 413 at once for a declared Content-Length over the limit, without waiting for the body', async () => {
    const answer = await rawExchange(service.port, (socket) => {
      socket.write(
        'POST /orders HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n',
      );
      socket.write('x'.repeat(512)); // and never the rest
    });
    expect(answer.status).toBe(413);
    expect(answer.head.toLowerCase()).toContain('connection: close');
    expect(answer.elapsedMs).toBeLessThan(1_000);
    await answer.closed; // the unread rest cannot be followed by another request
  });

  it('answers 413 as soon as a chunked body passes the limit, before the body ends', async () => {
    const answer = await rawExchange(service.port, (socket) => {
      socket.write('PATCH /orders/1/status HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n');
      const chunk = 'y'.repeat(600);
      socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`); // 1200 bytes > 1024; no final chunk
    });
    expect(answer.status).toBe(413);
    expect(answer.elapsedMs).toBeLessThan(1_000);
    await answer.closed;
  });

  it('accepts a body of exactly the limit and keeps serving after refusing one', async () => {
    const base = JSON.stringify({ customerId: 'c', items: [{ sku: 's', quantity: 1 }], note: '' });
    const body = JSON.stringify({
      customerId: 'c',
      items: [{ sku: 's', quantity: 1 }],
      note: 'n'.repeat(MAX_BODY_BYTES - Buffer.byteLength(base)),
    });
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    expect((await httpExchange({ port: service.port, method: 'POST', path: '/orders', body })).status).toBe(201);

    const tooLarge = await httpExchange({ port: service.port, method: 'POST', path: '/orders', body: `${body} ` });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json['error']).toMatch(/^body: larger than 1024 bytes/);
    expect((await httpExchange({ port: service.port, path: '/orders/1' })).status).toBe(200);
  });
});
