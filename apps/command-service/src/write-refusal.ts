import { renderAccountsProblem } from '../../../libs/http/src/errors/accounts-problem.renderer.js';
import { renderCatalogProblem } from '../../../libs/http/src/errors/catalog-problem.renderer.js';
import { PROBLEM_CONTENT_TYPE } from '../../../libs/http/src/errors/family-problem.renderer.js';
import { toProblem, type Problem } from '../../../libs/http/src/errors/problem.js';
import type { WriteRequest } from './write-request.js';
import type { StoredResponse } from './write-response.js';

/**
 * A refused write (a client error, < 500) as its family's exception filter answers it, so that an
 * idempotent retry can replay it byte for byte; undefined for anything else (5xx, unknown errors).
 */
export type RenderRefusal = (error: unknown) => StoredResponse | undefined;

type Render = (problem: Problem) => { status: number; body: unknown };

const refusal = (render: Render): RenderRefusal => (error) => {
  const problem = toProblem(error);
  if (!problem) return undefined;
  const { status, body } = render(problem);
  return status < 500 ? { status, body, headers: problem.headers, contentType: PROBLEM_CONTENT_TYPE } : undefined;
};

/** The catalog's ErrorModel. */
export const catalogRefusal: RenderRefusal = refusal(renderCatalogProblem);

/** Astra problems; the first request's correlation id stays in the replayed body. */
export const accountsRefusal = (request: WriteRequest): RenderRefusal =>
  refusal((problem) => renderAccountsProblem(problem, { method: request.method, correlationId: request.correlationId }));
