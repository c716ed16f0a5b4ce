import { STATUS_CODES } from 'node:http';
import type { Problem } from './problem.js';

/** The catalog's Huma `ErrorModel`: nothing beyond `status`, `title`, `detail` and `errors`. */
export type CatalogErrorBody = {
  status: number;
  title: string;
  detail: string;
  errors?: { location: string; message: string; value?: unknown }[];
};

export function renderCatalogProblem(problem: Problem): { status: number; body: CatalogErrorBody } {
  const body: CatalogErrorBody = {
    status: problem.status,
    title: STATUS_CODES[problem.status] ?? 'Error',
    detail: problem.detail,
  };
  if (problem.fields.length > 0) {
    body.errors = problem.fields.map(({ location, message, value }) =>
      value === undefined ? { location, message } : { location, message, value },
    );
  }
  return { status: problem.status, body };
}
