import { renderAccountsProblem } from './accounts-problem.renderer.js';
import { renderCatalogProblem } from './catalog-problem.renderer.js';
import type { Problem } from './problem.js';

// Free of Nest and Fastify, so the plain Node gateway answers in the same formats as the services.

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Paths of the accounts family (Astra problems); everything else speaks the catalog's ErrorModel. */
export function isAccountsPath(url: string): boolean {
  return url === '/accounts' || url.startsWith('/accounts/') || url.startsWith('/accounts?');
}

export type FamilyRenderContext = { url: string; method: string; correlationId?: string };

/** `problem` in the wire format of the family `url` belongs to. */
export function renderFamilyProblem(problem: Problem, { url, method, correlationId }: FamilyRenderContext): { status: number; body: unknown } {
  return isAccountsPath(url) ? renderAccountsProblem(problem, { method, ...(correlationId && { correlationId }) }) : renderCatalogProblem(problem);
}
