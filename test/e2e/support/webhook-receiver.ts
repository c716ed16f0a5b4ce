import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

// An HTTP endpoint on loopback for the webhook tests: records every request, answers as told, and
// can go down and come back on the same port.

export type Received = { headers: IncomingHttpHeaders; body: Buffer; event: { id: string; type: string; subject: string } };

export type Receiver = {
  url: string;
  received: Received[];
  /** What to answer an event (default 204). */
  answer: (event: Received['event']) => number;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
};

export async function startReceiver(path = '/hook'): Promise<Receiver> {
  let server: Server | undefined;
  let port = 0;
  const receiver: Receiver = {
    url: '',
    received: [],
    answer: () => 204,
    down: async () => {
      if (!server) return;
      const closing = server;
      server = undefined;
      closing.closeAllConnections();
      await new Promise((resolve) => closing.close(resolve));
    },
    up: async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          const event = JSON.parse(body.toString('utf8')) as Received['event'];
          const status = receiver.answer(event);
          if (status >= 200 && status < 300) receiver.received.push({ headers: req.headers, body, event });
          res.writeHead(status).end();
        });
      });
      await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
      receiver.url = `http://127.0.0.1:${port}${path}`;
    },
    close: () => receiver.down(),
  };
  await receiver.up();
  return receiver;
}

/** Verifies a received request with the `standardwebhooks` package, as a receiver in any language would. */
export function verified(secret: string, request: Received): boolean {
  const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(request.headers[name])]));
  try {
    new Webhook(secret).verify(request.body.toString('utf8'), headers);
    return true;
  } catch {
    return false;
  }
}
