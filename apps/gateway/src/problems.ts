import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE, renderFamilyProblem } from '../../../libs/http/src/errors/family-problem.renderer.js';
import type { Problem, ProblemKind } from '../../../libs/http/src/errors/problem.js';

// The services' renderers (Nest-free), so the gateway's own answers match theirs for each path.

export type RequestLine = { url: string; method: string };

export const requestLine = (req: IncomingMessage): RequestLine => ({ url: req.url ?? '/', method: req.method ?? 'GET' });

export const problem = (kind: ProblemKind, status: number, detail: string, headers: Record<string, string> = {}): Problem => ({
  kind,
  status,
  detail,
  fields: [],
  headers,
});

export function sendProblem(res: ServerResponse, request: RequestLine, answer: Problem): void {
  const { status, body } = renderFamilyProblem(answer, request);
  res.writeHead(status, { ...answer.headers, 'content-type': PROBLEM_CONTENT_TYPE });
  res.end(JSON.stringify(body));
}

/** What a client sees when a service behind the gateway does not answer, in its family's format. */
export function unavailable(res: ServerResponse, request: RequestLine, detail: string): void {
  sendProblem(res, request, problem('unavailable', 503, detail, { 'retry-after': '1' }));
}
