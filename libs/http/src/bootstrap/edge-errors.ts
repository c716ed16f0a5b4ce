import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, renderFamilyProblem } from '../errors/family-problem.renderer.js';
import { RouteNotFoundError } from '../errors/http.errors.js';
import { problemForStatus, toProblem, type Problem } from '../errors/problem.js';

/**
 * Errors Fastify and Node answer before any route, hook or Nest filter runs: a path that is not
 * valid percent-encoding or a parameter over the router's length limit (`frameworkErrors`), and
 * bytes that are not HTTP at all, such as headers over Node's 16 KiB limit (`clientError`). Left
 * to their defaults they answer plain `application/json` bodies in neither family's format.
 */

/** Room for the longest valid id: a composite VersionSet id is a 100-char alias, `:` and a number. */
export const MAX_PARAM_LENGTH = 256;

/** A path that cannot be decoded, or a parameter no id could be, names nothing: 404 in the path's family. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const path = request.url.split('?')[0] ?? '/';
  const known = error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const problem = (known ? toProblem(new RouteNotFoundError(path)) : problemForStatus(error.statusCode ?? 400, error.message)) ?? problemForStatus(400, 'Bad request.');
  const { status, body } = renderFamilyProblem(problem as Problem, { url: path, method: request.method, correlationId: request.id });
  void reply.status(status).header('X-Correlation-ID', request.id).type(PROBLEM_CONTENT_TYPE).send(body);
}

// Fastify types `rawPacket` as a serialized Buffer; Node hands over the Buffer itself.
type ClientError = Error & { code?: string; rawPacket?: unknown };

/**
 * Node's parser refused the request (malformed bytes, headers too large). The answer closes the
 * connection (the parser cannot resume mid-stream) and drains what the client is still sending, so
 * the close is a FIN after the answer rather than a reset that could discard it.
 */
export function clientErrorHandler(error: ClientError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const detail =
    status === 431 ? 'The request headers exceed the allowed size.' : status === 408 ? 'The request took too long to arrive.' : 'The request is not valid HTTP.';
  const [method = 'GET', path = '/'] = /^([A-Z]+) (\S+)/.exec(Buffer.isBuffer(error.rawPacket) ? error.rawPacket.toString('latin1', 0, 2048) : '')?.slice(1) ?? [];
  // A bad request line or header is a bad request (Astra problem 5), never "invalid JSON" (7).
  const { status: code, body } = renderFamilyProblem({ kind: 'bad-request', status, detail, fields: [], headers: {} }, { url: path, method });
  const text = JSON.stringify(body);
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? 'Bad Request'}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        // A HEAD answer has no body; a client would read one as the start of the next response.
        `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${method === 'HEAD' ? '' : text}`,
    );
  }
  socket.resume();
  setTimeout(() => socket.destroy(), 5_000).unref();
}
