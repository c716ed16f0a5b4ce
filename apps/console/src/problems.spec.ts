import { explain, fieldOf, toProblem } from './problems';

describe('problem details for forms', () => {
  it('places catalog errors by their body location and keeps the others', () => {
    const problem = toProblem(422, 'Unprocessable Entity', {
      status: 422,
      title: 'Unprocessable Entity',
      detail: 'validation failed',
      errors: [
        { location: 'body.title', message: 'expected length >= 1', value: '' },
        { location: 'body.aliases[1]', message: 'alias already taken', value: 'argo' },
        { location: 'body.versioning.scheme', message: 'expected one of semantic…', value: 'x' },
        { location: 'query.page_size', message: 'out of range', value: 0 },
      ],
    });
    expect(problem.fields).toEqual({ title: 'expected length >= 1', aliases: 'alias already taken', 'versioning.scheme': 'expected one of semantic…' });
    expect(problem.other).toEqual(['query.page_size: out of range']);
    expect(problem.detail).toBe('validation failed');
  });

  it('places Astra invalidFields by name; invalidParams and schema failures stay unplaced', () => {
    const problem = toProblem(409, 'Conflict', {
      type: 'https://astra.netapp.io/problems/10',
      title: 'JSON resource conflict',
      detail: 'The request body JSON contains a field that conflicts with an idempotent value.',
      status: '409',
      invalidFields: [{ name: 'packageState', reason: 'corrupt → verifying is not an allowed transition' }],
      invalidParams: [{ name: 'limit', reason: 'too big' }],
      schemaValidationFailure: 'packageName: required',
    });
    expect(problem.status).toBe(409);
    expect(problem.fields).toEqual({ packageState: 'corrupt → verifying is not an allowed transition' });
    expect(problem.other).toEqual(['limit: too big', 'packageName: required']);
    expect(explain(problem)).toMatch(/^The register refused the change as a conflict \(409\)/);
  });

  it('explains a 412 as a change made meanwhile', () => {
    expect(explain(toProblem(412, 'Precondition Failed', {}))).toMatch(/changed this since the page loaded/);
  });

  it('names only body locations as fields', () => {
    expect(fieldOf('body.changes[0].kind')).toBe('changes');
    expect(fieldOf('body')).toBeUndefined();
    expect(fieldOf('header.if-match')).toBeUndefined();
  });

  it('survives a body that is not a problem', () => {
    expect(toProblem(502, 'Bad Gateway', undefined)).toEqual({ status: 502, title: 'Bad Gateway', detail: '', fields: {}, other: [] });
  });
});
