import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, renderFamilyProblem } from '../errors/family-problem.renderer.js';
import { ServiceUnavailableError } from '../errors/http.errors.js';
import { toProblem, type Problem } from '../errors/problem.js';

/**
 * How often keep-alive connections are closed once idle while the app closes. Node's
 * `server.close()` closes only the connections idle at that moment (Fastify's
 * `forceCloseConnections: 'idle'`, its default, does no more); one busy then turns idle
 * afterwards and would hold the close open for the keep-alive timeout (72 s in Fastify).
 */
const IDLE_SWEEP_MS = 50;
/** Another instance (or this one, restarted) can answer by then. */
const CLOSING_RETRY_AFTER_SECONDS = 1;

/**
 * Graceful close: no new connections, requests in flight finish, connections close as soon as
 * they are idle, and a request arriving on an open connection meanwhile gets a 503 with
 * `Retry-After` in its family's format (Fastify's own `return503OnClosing` answers a body in
 * neither; the adapter turns it off).
 */
export function registerGracefulClose(fastify: FastifyInstance): void {
  let closing = false;
  const sockets = trackSockets(fastify.server);
  fastify.addHook('onRequest', (request, reply, done) => {
    if (closing) return sendClosing(request, reply);
    done();
  });
  fastify.addHook('preClose', (done) => {
    closing = true;
    const server = fastify.server;
    const silent = new WeakSet<Socket>();
    const sweep = setInterval(() => closeUnused(server, sockets, silent), IDLE_SWEEP_MS).unref();
    server.once('close', () => clearInterval(sweep));
    done();
  });
}

function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

/**
 * Closes idle keep-alive connections, and connections that never sent a byte. Node counts the
 * latter as busy (left to its headers timeout, against slowloris), so `closeIdleConnections` leaves
 * them open, and `server.close()` stops the timer that enforces that timeout: a client holding a
 * connection open ahead of a request that never came held the shutdown without end. One still
 * silent a whole sweep after the previous look carries no request the close could finish.
 */
function closeUnused(server: Server, sockets: Set<Socket>, silent: WeakSet<Socket>): void {
  server.closeIdleConnections();
  for (const socket of sockets) {
    if (socket.bytesRead > 0) continue;
    if (silent.has(socket)) socket.destroy();
    else silent.add(socket);
  }
}

function sendClosing(request: FastifyRequest, reply: FastifyReply): void {
  const problem = toProblem(
    new ServiceUnavailableError(CLOSING_RETRY_AFTER_SECONDS, 'The service is shutting down; retry the request.'),
  ) as Problem;
  const { status, body } = renderFamilyProblem(problem, { url: request.url, method: request.method, correlationId: request.id });
  if (request.raw.httpVersionMajor < 2) void reply.header('Connection', 'close');
  void reply.status(status).headers(problem.headers).type(PROBLEM_CONTENT_TYPE).send(body);
}
