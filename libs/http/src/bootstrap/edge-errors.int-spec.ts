import { connect } from 'node:net';
import { EdgeTestModule } from '../testing/edge-test.module.js';
import { startEdgeTestApp, type EdgeTestApp } from '../testing/edge-test-app.js';

// Found by the hostile-input fuzzer (test/hostile, HOSTILE_SEED=1): Fastify's own answers to a
// path that is not valid percent-encoding (400 FST_ERR_BAD_URL), a parameter over 100 chars
// (414 FST_ERR_MAX_PARAM_LENGTH) and headers over 16 KiB (431) were plain JSON in neither family's
// format, and the 431 left keep-alive sockets that the next request found closed.
const ACCOUNT = '0b9c1d1e-8f5a-4c0e-9a4f-1c2d3e4f5a6b';
let edge: EdgeTestApp;
let admin: string;

beforeAll(async () => {
  edge = await startEdgeTestApp(EdgeTestModule);
  admin = `Bearer ${await edge.token('admin', ['*'])}`;
});
afterAll(() => edge.close());

const get = (path: string) => fetch(`${edge.baseUrl}${path}`, { headers: { authorization: admin } });

async function problem(response: Response): Promise<Record<string, unknown>> {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as Record<string, unknown>;
}

/** Raw bytes on a fresh socket; resolves with everything the server wrote before closing. */
const raw = (text: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const url = new URL(edge.baseUrl);
    const socket = connect({ host: url.hostname, port: Number(url.port) }, () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', (error) => (answer ? resolve(answer) : reject(error)));
  });

describe('answers the router gives before any route runs', () => {
  it('answers a path that is not valid percent-encoding 404 in the path family', async () => {
    const catalog = await get('/packages/%zz');
    expect(catalog.status).toBe(404);
    expect(await problem(catalog)).toEqual({ status: 404, title: 'Not Found', detail: expect.any(String) });
    const accounts = await get(`/accounts/${ACCOUNT}/core/v1/packages/%E0%A4%A`);
    expect(accounts.status).toBe(404);
    expect(await problem(accounts)).toMatchObject({ type: 'https://astra.netapp.io/problems/2', status: '404' });
  });

  it('routes parameters up to 256 chars (a composite id of a 100-char alias) and answers longer ones 404', async () => {
    expect((await get(`/packages/${'a'.repeat(100)}:12`)).status).toBe(200);
    const tooLong = await get(`/packages/${'a'.repeat(300)}`);
    expect(tooLong.status).toBe(404);
    expect(await problem(tooLong)).toMatchObject({ status: 404 });
  });
});

describe('answers Node gives to requests that are not valid HTTP', () => {
  const huge = `X-Huge: ${'h'.repeat(20_000)}\r\n`;

  it('answers headers over the limit 431 in the catalog model, closing the connection', async () => {
    const answer = await raw(`GET /packages/a HTTP/1.1\r\nHost: x\r\n${huge}\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toMatch(/\r\nContent-Type: application\/problem\+json\r\n/);
    expect(answer).toMatch(/\r\nConnection: close\r\n/);
    expect(JSON.parse(answer.split('\r\n\r\n')[1] ?? '')).toEqual({ status: 431, title: 'Request Header Fields Too Large', detail: expect.any(String) });
  });

  it('answers under /accounts/ with an Astra problem, and HEAD without a body', async () => {
    const answer = await raw(`POST /accounts/${ACCOUNT}/core/v1/packages HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.split('\r\n\r\n')[1] ?? '')).toMatchObject({ type: 'https://astra.netapp.io/problems/5', status: '400' });
    const head = await raw(`HEAD /packages/a HTTP/1.1\r\nHost: x\r\n${huge}\r\n`);
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head.split('\r\n\r\n')[1]).toBe('');
  });
});
