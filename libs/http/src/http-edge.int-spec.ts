import { Injectable, Module } from '@nestjs/common';
import { NotReadyError, ReadinessRegistry } from './health/readiness.registry.js';
import { EdgeTestModule } from './testing/edge-test.module.js';
import { startEdgeTestApp, type EdgeTestApp } from './testing/edge-test-app.js';

const state = { natsUp: true, lagging: false };

@Injectable()
class Checks {
  constructor(readiness: ReadinessRegistry) {
    readiness.register('nats', async () => {
      if (!state.natsUp) throw new Error('nats://127.0.0.1:1 does not answer');
    });
    readiness.register('postgres', async () => true);
    readiness.register('lag', async () => {
      if (state.lagging) throw new NotReadyError('12 events behind');
    }, 'shared');
  }
}

@Module({ imports: [EdgeTestModule], providers: [Checks] })
class AppWithChecks {}

let edge: EdgeTestApp;
beforeAll(async () => {
  edge = await startEdgeTestApp(AppWithChecks, { env: { CORS_ORIGINS: 'https://ui.example.com' } });
});
afterAll(() => edge.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${edge.baseUrl}${path}`, { headers });

describe('health', () => {
  it('answers live without asking dependencies', async () => {
    const response = await get('/health/live/');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers ready 200 when every check passes and 503 naming the failing one, without its internals, otherwise', async () => {
    state.natsUp = true;
    const up = await get('/health/ready');
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ status: 'ok', checks: { nats: 'up', postgres: 'up', lag: 'up' } });
    state.natsUp = false;
    const down = await get('/health/ready');
    expect(down.status).toBe(503);
    // The check's raw error names an internal URL: the public answer says only that it is down.
    expect(await down.json()).toEqual({ status: 'unavailable', checks: { nats: 'down', postgres: 'up', lag: 'up' } });
  });
});

describe('readiness per replica', () => {
  it('fails /health/ready on a shared condition, but not the replica probe, which still reports it', async () => {
    state.natsUp = true;
    state.lagging = true;
    try {
      const all = await get('/health/ready');
      expect(all.status).toBe(503);
      const replica = await get('/health/ready?scope=replica');
      expect(replica.status).toBe(200);
      expect(await replica.json()).toEqual({ status: 'ok', checks: { nats: 'up', postgres: 'up', lag: 'down: 12 events behind' } });
      state.natsUp = false;
      expect((await get('/health/ready?scope=replica')).status).toBe(503);
    } finally {
      state.natsUp = true;
      state.lagging = false;
    }
  });
});

describe('metrics', () => {
  it('serves the shared metric names without a token, with request latency by route pattern', async () => {
    await get('/packages/x');
    const response = await get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    for (const name of [
      'http_request_duration_seconds',
      'events_appended_total',
      'append_conflicts_total',
      'idempotent_replays_total',
      'projection_lag_events',
      'projection_lag_seconds',
      'subscriber_redeliveries_total',
      'dead_letters_total',
      'process_cpu_seconds_total',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*method="GET"[^}]*route="\/packages\/:id"[^}]*status="401"/);
  });
});

describe('schemas', () => {
  it('serves the seed schemas without a token', async () => {
    for (const name of ['Package', 'PackageVersionSet', 'Versioning', 'ErrorModel', 'ErrorDetail']) {
      const response = await get(`/schemas/${name}.json`);
      expect(response.status).toBe(200);
      const schema = (await response.json()) as { title: string; additionalProperties: boolean };
      expect(schema.title).toBe(name);
      expect(schema.additionalProperties).toBe(false);
    }
    expect((await get('/schemas/Nope.json')).status).toBe(404);
  });
});

describe('CORS', () => {
  it('allows the configured origins and exposes ETag, Location and X-Consistency-Token', async () => {
    const preflight = await fetch(`${edge.baseUrl}/packages`, {
      method: 'OPTIONS',
      headers: { origin: 'https://ui.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://ui.example.com');
    const simple = await get('/health/live', { origin: 'https://ui.example.com' });
    expect(simple.headers.get('access-control-expose-headers')).toMatch(/ETag.*Location.*X-Consistency-Token/);
    const foreign = await get('/health/live', { origin: 'https://evil.example.com' });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});
