import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import type { ResolvedDestination } from './destination.js';
import type { SignedHeaders } from './signature.js';

export const DELIVERY_TIMEOUT_MS = 10_000;
/** What of a receiver's answer is read: enough for a log line, never a memory risk. */
const MAX_ANSWER_BYTES = 4096;

export type DeliveryAttempt = {
  destination: ResolvedDestination;
  headers: SignedHeaders;
  /** The stored CloudEvent, byte for byte. */
  body: Uint8Array;
  timeoutMs?: number;
};

export type DeliveryOutcome =
  | { delivered: true; status: number; durationMs: number }
  | { delivered: false; status?: number; error: string; durationMs: number };

/**
 * One POST of a stored event in CloudEvents structured mode. Only a 2xx is delivered; a redirect is
 * an answer like any other non-2xx (never followed: it could lead past the destination check); the
 * whole exchange, answer included, must end within the timeout. Never throws.
 */
export function deliver(attempt: DeliveryAttempt): Promise<DeliveryOutcome> {
  const { destination, headers, body } = attempt;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const { send, options } = requestTarget(destination);
  return new Promise((resolve) => {
    const req = send({
      ...options,
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/cloudevents+json',
        'content-length': String(body.byteLength),
        'user-agent': 'artifact-register-webhooks',
      },
    });
    // One deadline for the whole exchange (connect, send, answer); no socket idle timer beside it,
    // which would be armed and disarmed on the pooled socket for every delivery.
    const deadline = setTimeout(() => req.destroy(new Error('timed out')), attempt.timeoutMs ?? DELIVERY_TIMEOUT_MS);
    req.on('error', (error) => {
      clearTimeout(deadline);
      resolve({ delivered: false, error: error.message, durationMs: elapsed() });
    });
    req.on('response', (res) => {
      void drain(res).then(() => {
        clearTimeout(deadline);
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve({ delivered: true, status, durationMs: elapsed() });
        else resolve({ delivered: false, status, error: `HTTP ${status}`, durationMs: elapsed() });
      });
    });
    req.end(body);
  });
}

/** Reads the answer to its end (the connection is then reused) without keeping it. */
function drain(res: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    let read = 0;
    res.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read > MAX_ANSWER_BYTES) res.destroy();
    });
    res.once('end', resolve);
    res.once('close', resolve);
    res.once('error', () => resolve());
  });
}

type RequestTarget = { send: typeof httpRequest; options: RequestOptions };

/** Each resolved destination's request options, built once: the resolver hands out the same object while its answer is kept. */
const targets = new WeakMap<ResolvedDestination, RequestTarget>();

function requestTarget(destination: ResolvedDestination): RequestTarget {
  let target = targets.get(destination);
  if (target === undefined) {
    const { url, address, family } = destination;
    target = {
      send: url.protocol === 'https:' ? httpsRequest : httpRequest,
      options: {
        ...urlToHttpOptions(url),
        // Connect to the address that passed the destination check, whatever DNS says now.
        lookup: (_host, options, callback) => {
          if ((options as { all?: boolean }).all) callback(null, [{ address, family }]);
          else callback(null, address, family);
        },
      },
    };
    targets.set(destination, target);
  }
  return target;
}
