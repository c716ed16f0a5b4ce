// Requests over real sockets: node:http with keep-alive and a bounded pool, plus raw TCP for bytes
// no well-behaved client would send (control characters in headers, broken request lines).
import { Agent, request as httpRequest, validateHeaderName, validateHeaderValue } from 'node:http';
import { connect } from 'node:net';

export type HostileRequest = {
  /** Which endpoint (method + route template) the case targets, for the per-endpoint tally. */
  endpoint: string;
  service: 'command' | 'query';
  method: string;
  /** Already percent-encoded where a client would encode. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** A raw request (bytes as written on the socket); `path`, `headers` and `body` are then informative. */
  raw?: Buffer;
  /** Why the request must be refused (hostile cases), for reports. */
  fault?: string;
};

export type Reply = { status: number; headers: Record<string, string | string[] | undefined>; text: string };

const agent = new Agent({ keepAlive: true, maxSockets: 16, keepAliveMsecs: 1000 });

/** Drops headers Node itself refuses to send; those go over raw sockets instead. */
export function sendableHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
      out[name] = value;
    } catch {
      // not sendable by a conforming client
    }
  }
  return out;
}

export function send(baseUrl: string, req: HostileRequest): Promise<Reply> {
  if (req.raw) return sendRaw(baseUrl, req.raw);
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
    const headers: Record<string, string | number> = { ...sendableHeaders(req.headers) };
    if (body !== undefined) headers['content-length'] = body.length;
    const outgoing = httpRequest(
      { agent, host: url.hostname, port: url.port, method: req.method, path: req.path, headers, timeout: 60_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within 60 s: ${req.method} ${req.path}`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Writes raw bytes, reads until the server closes (or a full Content-Length answer), parses one response. */
export function sendRaw(baseUrl: string, bytes: Buffer): Promise<Reply> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const chunks: Buffer[] = [];
    const finish = () => {
      socket.destroy();
      const parsed = parseResponse(Buffer.concat(chunks));
      if (parsed) resolve(parsed);
      else reject(new Error(`no HTTP response to raw request ${JSON.stringify(bytes.subarray(0, 120).toString('latin1'))}`));
    };
    socket.setTimeout(10_000, finish);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (parseResponse(Buffer.concat(chunks), true)) finish();
    });
    socket.on('end', finish);
    socket.on('error', (error) => (chunks.length > 0 ? finish() : reject(error)));
    socket.write(bytes);
  });
}

function parseResponse(data: Buffer, needComplete = false): Reply | undefined {
  const text = data.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = data.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1'));
  const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
  if (needComplete && (length === undefined || body.length < length)) return undefined;
  return { status, headers, text: body.subarray(0, length ?? body.length).toString('utf8') };
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the items' order. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
  return results;
}

export function closeClient(): void {
  agent.destroy();
}
