import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { freePort } from './nats-server.js';

/** A publish as the client sent it: `PUB`/`HPUB` subject and the raw frame (headers and payload). */
export type Publish = { subject: string; frame: Buffer };

/**
 * A TCP proxy between NATS clients and one nats-server on loopback that can lose an answer the way
 * a dropped connection, a leader election or a timeout does: for a publish the `cut` rule picks, it
 * forwards the publish to the server, waits until the server has answered something (so the
 * message was read and processed), withholds that answer and drops both connections. The client
 * sees its publish go out and never hears the ack; it reconnects through the proxy.
 */
export type NatsFaultProxy = {
  url: string;
  /** Publishes cut so far. */
  readonly cuts: number;
  /** Picks the publishes to cut from now on (undefined = forward everything). */
  setCut(rule: ((publish: Publish) => boolean) | undefined): void;
  /** Cuts the next publish `rule` picks, once. */
  cutNext(rule: (publish: Publish) => boolean): void;
  /** Holds each publish `rule` picks (and what the client sends after it) for `ms`: a slow link. */
  setDelay(rule: ((publish: Publish) => boolean) | undefined, ms?: number): void;
  close(): Promise<void>;
};

const CRLF = Buffer.from('\r\n');

export async function startNatsFaultProxy(natsUrl: string): Promise<NatsFaultProxy> {
  const target = new URL(natsUrl);
  const port = await freePort();
  let rule: ((publish: Publish) => boolean) | undefined;
  let slow: { rule: (publish: Publish) => boolean; ms: number } | undefined;
  let cuts = 0;
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    const upstream = tcpConnect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    let cut = false;
    let pending: Buffer = Buffer.alloc(0);
    // Frames go out in order: once one is held, later ones wait behind it.
    let outbound = Promise.resolve();
    const send = (bytes: Buffer, holdMs: number): void => {
      outbound = outbound.then(() => (holdMs > 0 ? new Promise((resolve) => setTimeout(resolve, holdMs)) : undefined)).then(() => void upstream.write(bytes));
    };
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('data', (chunk: Buffer) => {
      if (!cut) client.write(chunk);
      // The server answered after the cut publish reached it: the ack goes nowhere.
      else drop();
    });
    client.on('data', (chunk: Buffer) => {
      if (cut) return;
      pending = Buffer.concat([pending, chunk]);
      const { frames, rest } = splitFrames(pending);
      pending = rest;
      for (const frame of frames) {
        send(frame.bytes, frame.publish && slow?.rule(frame.publish) ? slow.ms : 0);
        if (frame.publish && rule?.(frame.publish)) {
          cut = true;
          cuts++;
          // Nothing more reaches the server; give up if it stays silent.
          setTimeout(drop, 2_000).unref();
          return;
        }
      }
    });
    for (const socket of [client, upstream]) {
      socket.on('error', () => drop());
      socket.on('close', () => {
        sockets.delete(socket);
        drop();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    url: `nats://127.0.0.1:${port}`,
    get cuts() {
      return cuts;
    },
    setCut: (next) => {
      rule = next;
    },
    setDelay: (pick, ms = 0) => {
      slow = pick ? { rule: pick, ms } : undefined;
    },
    cutNext: (pick) => {
      let armed = true;
      rule = (publish) => {
        if (!armed || !pick(publish)) return false;
        armed = false;
        return true;
      };
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Frame = { bytes: Buffer; publish?: Publish };

/** Splits client protocol bytes into whole frames: a control line, or `PUB`/`HPUB` line + payload + CRLF. */
function splitFrames(buffer: Buffer): { frames: Frame[]; rest: Buffer } {
  const frames: Frame[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = buffer.indexOf(CRLF, offset);
    if (lineEnd < 0) break;
    const line = buffer.subarray(offset, lineEnd).toString('latin1');
    const [op = '', ...args] = line.split(/\s+/).filter(Boolean);
    const verb = op.toUpperCase();
    if (verb !== 'PUB' && verb !== 'HPUB') {
      frames.push({ bytes: buffer.subarray(offset, lineEnd + 2) });
      offset = lineEnd + 2;
      continue;
    }
    const size = Number(args.at(-1));
    const end = lineEnd + 2 + size + 2;
    if (buffer.length < end) break;
    frames.push({ bytes: buffer.subarray(offset, end), publish: { subject: args[0] ?? '', frame: buffer.subarray(lineEnd + 2, end - 2) } });
    offset = end;
  }
  return { frames, rest: Buffer.from(buffer.subarray(offset)) };
}

/** Picks the event-stream publish of one event type, e.g. `catalog.PackageCreated` (its `ce-type` header). */
export const eventOfType =
  (type: string) =>
  ({ subject, frame }: Publish): boolean =>
    subject.startsWith('artifacts.') && frame.toString('latin1').toLowerCase().includes(`ce-type: ${type.toLowerCase()}\r\n`);
