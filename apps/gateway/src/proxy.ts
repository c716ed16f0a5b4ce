import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { requestLine, unavailable } from './problems.js';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/** The headers a proxy passes on: hop-by-hop ones belong to each connection, not to the message. */
function endToEnd(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  }
  return kept;
}

/** Streams the request to `upstream` at `path` (the canonical target) and the answer back, telling the service the public host and scheme. */
export function forward(req: IncomingMessage, res: ServerResponse, upstream: URL, path: string): void {
  const headers = endToEnd(req.headers);
  headers['x-forwarded-host'] ??= req.headers.host ?? upstream.host;
  headers['x-forwarded-proto'] ??= 'http';
  headers.host = upstream.host;
  const outgoing = httpRequest(
    { protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port, method: req.method, path, headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      answer.pipe(res);
    },
  );
  outgoing.on('error', (err) => {
    // The operator learns which upstream failed and why; the client only that it may retry.
    process.stderr.write(`${JSON.stringify({ level: 'warn', msg: 'service did not answer', upstream: upstream.origin, err: err.message })}\n`);
    if (!res.headersSent) unavailable(res, requestLine(req), 'a service behind the gateway did not answer');
    else res.destroy();
  });
  req.pipe(outgoing);
}

/** GETs a JSON document from a service behind the gateway; null when it does not answer. */
export async function fetchJson(url: URL): Promise<Record<string, unknown> | null> {
  try {
    const answer = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return answer.ok ? ((await answer.json()) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
