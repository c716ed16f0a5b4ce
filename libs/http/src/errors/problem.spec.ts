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
import { ASTRA_PROBLEMS, renderAccountsProblem } from './accounts-problem.renderer.js';
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
const CORRELATION_ID = '1c9e6b7a-2d3f-4a5b-8c6d-7e8f9a0b1c2d';
const accounts = (error: unknown, method = 'POST', correlationId = CORRELATION_ID) => renderAccountsProblem(problemOf(error), { method, correlationId });
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

  it('answers a missing or foreign account as problem 2, but problem 1 on DELETE (the only 404 the vendor lists for it)', () => {
    for (const method of ['GET', 'POST', 'PUT']) expect(astraNumber(new AccountNotFoundError(), method)).toEqual([2, '404']);
    expect(astraNumber(new AccountNotFoundError(), 'DELETE')).toEqual([1, '404']);
  });

  it('answers Postgres being away, restarting or shutting down as 503 problem 41 with Retry-After', () => {
    const withCode = (code: string) => Object.assign(new Error('x'), { code });
    for (const error of [withCode('ECONNREFUSED'), withCode('57P01'), withCode('57P03'), withCode('08006'), new Error('Connection terminated unexpectedly'), new Error('timeout exceeded when trying to connect')]) {
      expect([catalog(error).status, astraNumber(error)[0], problemOf(error).headers['Retry-After']]).toEqual([503, 41, '1']);
    }
    expect(toProblem(withCode('23505'))).toBeUndefined();
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
      correlationID: CORRELATION_ID,
    });
  });

  it("answers each number's fixed detail whatever the error said; the specifics stay out of it", () => {
    for (const error of [new NotFoundError('Package', 'p-1'), new InvalidTokenError('malformed token'), new http.MalformedJsonError('Unexpected end')]) {
      const { body } = accounts(error, 'DELETE');
      expect(body.detail).toBe(ASTRA_PROBLEMS[Number(body.type.split('/').pop())]?.detail);
    }
    expect(accounts(new InvalidTokenError('malformed token')).body.detail).toBe("The bearer token provided is invalid, revoked, or doesn't exist.");
    expect(accounts(new http.UnknownQueryParameterError(['foo'])).body).toMatchObject({
      title: 'Query parameters not supported',
      detail: "The supplied query parameters aren't supported for this endpoint.",
    });
  });

  it('carries correlationID only when the id is a UUID the vendor document accepts (v4, v5 or nil)', () => {
    const correlation = (id: string) => accounts(new ForbiddenError(), 'GET', id).body.correlationID;
    expect(correlation('7a3e1c2d-4b5f-5a6e-9d8c-1b2a3c4d5e6f')).toBe('7a3e1c2d-4b5f-5a6e-9d8c-1b2a3c4d5e6f');
    expect(correlation('00000000-0000-0000-0000-000000000000')).toBe('00000000-0000-0000-0000-000000000000');
    for (const other of ['req-42', '4bf92f3577b34da6a3ce929d0e0e4736', '018f3c1e-7a2b-7c3d-8e4f-5a6b7c8d9e0f', CORRELATION_ID.toUpperCase()]) {
      expect(correlation(other)).toBeUndefined();
    }
  });

  it('lists invalidParams and invalidFields per problem, and schemaValidationFailure as one string', () => {
    expect(accounts(new http.BadRequestError('query.limit', 'must be 1..1000')).body.invalidParams).toEqual([
      { name: 'limit', reason: 'must be 1..1000' },
    ]);
    expect(accounts(new http.UnknownQueryParameterError(['foo'])).body.invalidParams).toEqual([
      { name: 'foo', reason: 'unknown query parameter' },
    ]);
    const shape = new SchemaValidationError([
      { path: 'images[0].imageTag', message: 'is required' },
      { path: 'colour', message: 'is not a known field' },
    ]);
    expect(accounts(shape).body.schemaValidationFailure).toBe('images[0].imageTag: is required; colour: is not a known field');
    expect(accounts(new http.NonObjectBodyError('an array')).body.schemaValidationFailure).toBe('body: must be a JSON object');
    expect(accounts(new ConflictError('state', [{ path: 'packageState', message: 'cannot go to verifying' }])).body.invalidFields).toEqual([
      { name: 'packageState', reason: 'cannot go to verifying' },
    ]);
    const twice = new ValidationError([
      { path: 'upgradableVersions', message: 'min > max' },
      { path: 'upgradableVersions', message: 'min > max' },
    ]);
    expect(accounts(twice).body.invalidFields).toEqual([{ name: 'upgradableVersions', reason: 'min > max' }]);
  });

  it('carries Retry-After and WWW-Authenticate as headers', () => {
    expect(problemOf(new http.ServiceUnavailableError(7)).headers).toEqual({ 'Retry-After': '7' });
    expect(problemOf(new InvalidTokenError('x')).headers['WWW-Authenticate']).toMatch(/^Bearer/);
    expect(problemOf(new http.MethodNotAllowedError('PUT', ['GET', 'HEAD'])).headers).toEqual({ Allow: 'GET, HEAD' });
  });
});
