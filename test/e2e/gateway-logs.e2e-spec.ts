import { randomUUID } from 'node:crypto';
import { call, tokenFor, waitFor } from './command-service.harness.js';
import { startSystem, type RunningProcess, type System } from './operations.harness.js';

// SPEC §8 and issue 12: the gateway logs its requests as the services do (one JSON line per answer,
// message `request`, method / url / status / ms and the correlation id), and the service behind it
// logs the same correlation id, also when the client sent none.

let system: System;
beforeAll(async () => {
  system = await startSystem({ gateway: true });
});
afterAll(async () => system?.close());

const requestLine = (process: RunningProcess, correlationId: string) =>
  process.logLines().find((line) => line.msg === 'request' && line.correlationId === correlationId);

describe('gateway request logs', () => {
  it('writes one request line per answer, with the correlation id it passes on to the service', async () => {
    const { gateway, query } = system as Required<System>;
    const answer = await call(gateway.baseUrl, 'GET', '/packages?page_size=1', { token: await tokenFor('viewer') });
    expect(answer.status).toBe(200);
    const id = answer.headers.get('x-correlation-id') ?? '';
    expect(id).not.toBe('');
    await waitFor(async () => requestLine(gateway, id) !== undefined && requestLine(query, id) !== undefined, 5_000, gateway.output);
    expect(requestLine(gateway, id)).toEqual(
      expect.objectContaining({ service: 'gateway', level: 'info', method: 'GET', url: '/packages?page_size=1', upstream: 'query', status: 200, ms: expect.any(Number) }),
    );
    expect(requestLine(query, id)).toMatchObject({ method: 'GET', status: 200 });
  });

  it("keeps the client's X-Correlation-ID, and logs what the gateway answers itself", async () => {
    const { gateway } = system as Required<System>;
    const id = `gw-${randomUUID()}`;
    const answer = await call(gateway.baseUrl, 'GET', '/metrics', { headers: { 'x-correlation-id': id } });
    expect([answer.status, answer.headers.get('x-correlation-id')]).toEqual([404, id]);
    await waitFor(async () => requestLine(gateway, id) !== undefined, 5_000, gateway.output);
    expect(requestLine(gateway, id)).toMatchObject({ method: 'GET', url: '/metrics', upstream: 'hidden', status: 404, level: 'info' });
  });
});
