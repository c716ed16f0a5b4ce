import {
  ConflictError,
  IdempotencyKeyInFlightError,
  IdempotencyKeyReusedError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../../../domain/src/errors.js';
import { AppendOutcomeUnknownError, ConcurrencyError, EventStoreUnavailableError } from '../../../event-store/src/event-store.js';
import { AccountNotFoundError, ForbiddenError, InvalidTokenError, MissingTokenError } from '../auth/auth.errors.js';
import { renderAccountsProblem } from './accounts-problem.renderer.js';
import { renderCatalogProblem } from './catalog-problem.renderer.js';
import * as http from './http.errors.js';
import { toProblem, type Problem } from './problem.js';
import { SchemaValidationError } from './schema-validation.error.js';

const problemOf = (error: unknown): Problem => {
  const problem = toProblem(error);
  if (!problem) throw new Error(`no problem for ${String(error)}`);
  return problem;
};
const catalog = (error: unknown) => renderCatalogProblem(problemOf(error));
const accounts = (error: unknown, method = 'POST') => renderAccountsProblem(problemOf(error), { method, correlationId: 'c-1' });
const astraNumber = (error: unknown, method?: string) => {
  const { body } = accounts(error, method);
  return [Number(body.type.split('/').pop()), body.status];
};

describe('the error table', () => {
  it.each([
    [new MissingTokenError(), 401, 3],
    [new InvalidTokenError('token expired'), 401, 4],
    [new ForbiddenError(), 403, 11],
    [new AccountNotFoundError(), 404, 2],
    [new http.BadRequestError('query.limit', 'must be 1..1000'), 400, 5],
    [new http.UnknownQueryParameterError(['foo']), 400, 6],
    [new http.MalformedJsonError('bad'), 400, 7],
    [new http.NonObjectBodyError('an array'), 422, 8],
    [new SchemaValidationError([{ path: 'title', message: 'is required' }]), 422, 8],
    [new ValidationError([{ path: 'packageVersion', message: 'is not a version' }]), 422, 9],
    [new IdempotencyKeyReusedError(), 422, 9],
    [new ConflictError('taken', []), 409, 10],
    [new ConcurrencyError('s', 1), 409, 10],
    [new IdempotencyKeyInFlightError(2), 409, 10],
    [new PreconditionFailedError(), 412, 38],
    [new http.UnsupportedMediaTypeError('text/plain'), 415, 32],
    [new http.MethodNotAllowedError('PATCH', ['GET']), 405, 69],
    [new http.ServiceUnavailableError(5), 503, 41],
    [new EventStoreUnavailableError('down'), 503, 41],
    [new AppendOutcomeUnknownError('artifacts.catalog.pkg_1', 'e1'), 503, 41],
  ])('%p → catalog %i, accounts problem %i', (error, status, problem) => {
    expect(catalog(error).status).toBe(status);
    expect(astraNumber(error)[0]).toBe(problem);
  });

  it('answers a missing resource as problem 2 on reads and problem 1 on writes', () => {
    const missing = new NotFoundError('Package', 'x');
    expect(astraNumber(missing, 'GET')).toEqual([2, '404']);
    expect(astraNumber(missing, 'HEAD')).toEqual([2, '404']);
    expect(astraNumber(missing, 'PUT')).toEqual([1, '404']);
    expect(astraNumber(missing, 'DELETE')).toEqual([1, '404']);
    expect(catalog(missing).status).toBe(404);
  });

  it('leaves unknown errors to the filter (rendered as internal, problem 34)', () => {
    expect(toProblem(new Error('boom'))).toBeUndefined();
  });
});

describe('catalog rendering', () => {
  it('keeps to the ErrorModel: status, HTTP reason title, detail, errors', () => {
    const { body } = catalog(new ConflictError('Aliases are taken', [{ path: 'aliases[1]', message: 'is taken', value: 'argo' }]));
    expect(body).toEqual({
      status: 409,
      title: 'Conflict',
      detail: 'Aliases are taken',
      errors: [{ location: 'body.aliases[1]', message: 'is taken', value: 'argo' }],
    });
  });

  it('omits errors when there are none and value when it is absent', () => {
    expect(catalog(new PreconditionFailedError()).body).toEqual({
      status: 412,
      title: 'Precondition Failed',
      detail: expect.any(String),
    });
    expect(catalog(new http.BadRequestError('header.if-match', 'bad')).body.errors).toEqual([{ location: 'header.if-match', message: 'bad' }]);
  });
});

describe('accounts rendering', () => {
  it('uses a string status, the fixed title and the correlation id', () => {
    expect(accounts(new MissingTokenError()).body).toEqual({
      type: 'https://astra.netapp.io/problems/3',
      title: 'Missing bearer token',
      detail: 'The request is missing the required bearer token.',
      status: '401',
      correlationID: 'c-1',
    });
  });

  it('lists invalidParams, schemaValidationFailure and invalidFields per problem', () => {
    expect(accounts(new http.BadRequestError('query.limit', 'must be 1..1000')).body.invalidParams).toEqual([
      { name: 'limit', reason: 'must be 1..1000' },
    ]);
    expect(accounts(new http.UnknownQueryParameterError(['foo'])).body.invalidParams).toEqual([
      { name: 'foo', reason: 'unknown query parameter' },
    ]);
    expect(accounts(new SchemaValidationError([{ path: 'images[0].imageTag', message: 'is required' }])).body.schemaValidationFailure).toEqual([
      { name: 'images[0].imageTag', reason: 'is required' },
    ]);
    expect(accounts(new ConflictError('state', [{ path: 'packageState', message: 'cannot go to verifying' }])).body.invalidFields).toEqual([
      { name: 'packageState', reason: 'cannot go to verifying' },
    ]);
    expect(accounts(new ValidationError([{ path: 'upgradableVersions', message: 'min > max' }])).body.invalidFields).toEqual([
      { name: 'upgradableVersions', reason: 'min > max' },
    ]);
  });

  it('carries Retry-After and WWW-Authenticate as headers', () => {
    expect(problemOf(new http.ServiceUnavailableError(7)).headers).toEqual({ 'Retry-After': '7' });
    expect(problemOf(new InvalidTokenError('x')).headers['WWW-Authenticate']).toMatch(/^Bearer/);
    expect(problemOf(new http.MethodNotAllowedError('PUT', ['GET', 'HEAD'])).headers).toEqual({ Allow: 'GET, HEAD' });
  });
});
