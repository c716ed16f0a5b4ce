import { Catch, HttpException, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { renderAccountsProblem } from './accounts-problem.renderer.js';
import { renderCatalogProblem } from './catalog-problem.renderer.js';
import { isAccountsPath, PROBLEM_CONTENT_TYPE } from './family-problem.renderer.js';
import { MethodNotAllowedError, RouteNotFoundError } from './http.errors.js';
import { KIND_STATUS, problemForStatus, toProblem, type Problem } from './problem.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

abstract class ProblemFilter implements ExceptionFilter {
  constructor(protected readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = this.classify(exception, request);
    const { status, body } = this.render(problem, request);
    if (reply.sent) return;
    void reply.status(status).headers(problem.headers).type(PROBLEM_CONTENT_TYPE).send(body);
  }

  protected abstract render(problem: Problem, request: FastifyRequest): { status: number; body: unknown };

  private classify(exception: unknown, request: FastifyRequest): Problem {
    const known = toProblem(exception) ?? toProblem(routeMiss(exception, request)) ?? frameworkProblem(exception);
    if (known) return known;
    this.logger.error({ err: exception, method: request.method, url: request.url }, 'unhandled error');
    return {
      kind: 'internal',
      status: KIND_STATUS.internal,
      detail: 'An unexpected error occurred; it has been logged with the correlation id.',
      fields: [],
      headers: {},
    };
  }
}

/** Catalog routes (and every route outside `/accounts/`): Huma `ErrorModel`. */
@Catch()
export class CatalogExceptionFilter extends ProblemFilter {
  protected render(problem: Problem): { status: number; body: unknown } {
    return renderCatalogProblem(problem);
  }
}

/**
 * Account package routes: Astra problems. Their `detail` is the fixed text of the problem number,
 * so what went wrong in particular is logged here, beside the correlation id the client holds.
 */
@Catch()
export class AccountsExceptionFilter extends ProblemFilter {
  protected render(problem: Problem, request: FastifyRequest): { status: number; body: unknown } {
    const rendered = renderAccountsProblem(problem, { method: request.method, correlationId: request.id });
    if (problem.kind !== 'internal') {
      const fields = problem.fields.map(({ location, message }) => ({ location, message }));
      this.logger.info({ problem: rendered.body.type, detail: problem.detail, ...(fields.length > 0 && { fields }) }, 'problem answered');
    }
    return rendered;
  }
}

/** The global filter: hands each error to its family's filter by path, so framework errors speak the right format too. */
@Catch()
export class FamilyExceptionFilter implements ExceptionFilter {
  private readonly catalog: CatalogExceptionFilter;
  private readonly accounts: AccountsExceptionFilter;

  constructor(logger: Logger) {
    this.catalog = new CatalogExceptionFilter(logger);
    this.accounts = new AccountsExceptionFilter(logger);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const family = isAccountsPath(request.url) ? this.accounts : this.catalog;
    family.catch(exception, host);
  }
}

/**
 * Nest answers an unmatched route with its own NotFoundException. A path that some other method
 * serves is a 405 instead. A matched route has `routeOptions.url`; the not-found handler has none.
 */
function routeMiss(exception: unknown, request: FastifyRequest): Error | undefined {
  if (!(exception instanceof NotFoundException) || request.routeOptions.url !== undefined) return undefined;
  const path = request.url.split('?')[0] ?? '/';
  const allowed = METHODS.filter((method) => request.server.findRoute({ method, url: path }) !== null);
  return allowed.length > 0 ? new MethodNotAllowedError(request.method, allowed) : new RouteNotFoundError(path);
}

/** Nest's HttpException (Fastify's own 4xx errors arrive wrapped in one) and bare Fastify errors. */
function frameworkProblem(exception: unknown): Problem | undefined {
  if (exception instanceof HttpException) return problemForStatus(exception.getStatus(), exception.message);
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && exception instanceof Error) return problemForStatus(status, exception.message);
  return undefined;
}
