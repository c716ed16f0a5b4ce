import { connect, type Socket } from 'node:net';
import { Controller, Get, Module } from '@nestjs/common';
import { Public } from '../auth/access.decorators.js';
import { startEdgeTestApp, type EdgeTestApp } from '../testing/edge-test-app.js';

const ACCOUNTS_PATH = '/accounts/0b9c1d1e-8f5a-4c0e-9a4f-1c2d3e4f5a6b/core/v1/packages';
/** A UUID v4: the vendor document's correlationID type, so the body echoes it. */
const LATE_ID = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';

/** A route that answers only once the test opens its gate: a request in flight during the close. */
const gate = { entered: 0, open: (): void => undefined };

@Controller('slow')
class SlowController {
  @Get()
  @Public()
  async slow(): Promise<unknown> {
    await new Promise<void>((resolve) => {
      gate.open = resolve;
      gate.entered++;
    });
    return { done: true };
  }
}

@Module({ controllers: [SlowController] })
class SlowModule {}

type RawResponse = { status: number; headers: Record<string, string>; body: string };

/** Everything the server writes until it closes the connection, parsed as one HTTP response. */
function readUntilClosed(socket: Socket): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.once('error', reject);
    socket.once('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

async function openSocket(baseUrl: string, firstBytes: string): Promise<{ socket: Socket; response: Promise<RawResponse> }> {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const response = readUntilClosed(socket);
  socket.write(firstBytes);
  return { socket, response };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

let edge: EdgeTestApp;
/** The server's side of every connection, to know when a request's first bytes have arrived. */
const serverSockets: Socket[] = [];

beforeAll(async () => {
  edge = await startEdgeTestApp(SlowModule);
  edge.app.getHttpServer().on('connection', (socket: Socket) => serverSockets.push(socket));
});
afterAll(async () => {
  gate.open(); // a failed test must not leave the close waiting on the gated request
  if (edge.app.getHttpServer().listening) await edge.close();
});

describe('graceful close', () => {
  it('finishes requests in flight, answers late ones 503 in their family format, and closes connections once idle', async () => {
    const inFlight = await openSocket(edge.baseUrl, 'GET /slow HTTP/1.1\r\nHost: test\r\n\r\n');
    await until(() => gate.entered === 1);
    // Requests whose headers are still arriving when the close begins: their connections are busy.
    const catalog = await openSocket(edge.baseUrl, 'GET /packages/p HTTP/1.1\r\nHost: test\r\n');
    const accounts = await openSocket(edge.baseUrl, `GET ${ACCOUNTS_PATH} HTTP/1.1\r\nHost: test\r\nX-Correlation-ID: ${LATE_ID}\r\n`);
    // The close must begin after the server has read part of each late request: a connection that
    // has not sent a byte yet carries no request, and Node 26 closes such a connection as idle at once.
    await until(() => serverSockets.length === 3 && serverSockets.every((socket) => socket.bytesRead > 0));

    const closed = edge.app.close();
    await until(() => !edge.app.getHttpServer().listening);
    catalog.socket.write('\r\n');
    accounts.socket.write('\r\n');

    const catalogAnswer = await catalog.response;
    expect(catalogAnswer.status).toBe(503);
    expect(catalogAnswer.headers).toMatchObject({ 'retry-after': '1', connection: 'close', 'content-type': expect.stringMatching(/^application\/problem\+json/) });
    expect(JSON.parse(catalogAnswer.body)).toEqual({ status: 503, title: 'Service Unavailable', detail: expect.any(String) });

    const accountsAnswer = await accounts.response;
    expect(accountsAnswer.status).toBe(503);
    expect(accountsAnswer.headers).toMatchObject({ 'retry-after': '1', connection: 'close' });
    expect(JSON.parse(accountsAnswer.body)).toMatchObject({ type: 'https://astra.netapp.io/problems/41', status: '503', correlationID: LATE_ID });

    const released = Date.now();
    gate.open();
    const answer = await inFlight.response; // a keep-alive connection: the server closes it once idle
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ done: true });
    expect(Date.now() - released).toBeLessThan(2_000);
    await closed;
    expect(edge.logs.filter((line) => line['level'] === 'error')).toEqual([]);
  });
});

describe('graceful close with a connection that never sent a byte', () => {
  it('closes it instead of waiting for its headers timeout', async () => {
    const quiet = await startEdgeTestApp(SlowModule);
    const { hostname, port } = new URL(quiet.baseUrl);
    // Clients open connections ahead of their requests (pools, browsers' preconnect): Node counts
    // such a connection as busy, and closing stops the timer that would enforce its headers timeout.
    const socket = connect(Number(port), hostname);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    const started = Date.now();
    await quiet.close();
    await ended;
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
