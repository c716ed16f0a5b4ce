import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
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
  const send = destination.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = send(destination.url, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/cloudevents+json',
        'content-length': String(body.byteLength),
        'user-agent': 'artifact-register-webhooks',
      },
      // Connect to the address that passed the destination check, whatever DNS says now.
      lookup: (_host, options, callback) => {
        if ((options as { all?: boolean }).all) callback(null, [{ address: destination.address, family: destination.family }]);
        else callback(null, destination.address, destination.family);
      },
      timeout: attempt.timeoutMs ?? DELIVERY_TIMEOUT_MS,
    });
    const deadline = setTimeout(() => req.destroy(new Error('timed out')), attempt.timeoutMs ?? DELIVERY_TIMEOUT_MS);
    req.on('timeout', () => req.destroy(new Error('timed out')));
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
