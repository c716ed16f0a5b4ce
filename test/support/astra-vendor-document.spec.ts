import { operationOf, vendorViolations, type Exchange } from './astra-vendor-document.js';

// The checker itself: it accepts answers in the vendor's form and refuses each drift issue 15 found.

const ACCOUNT = '0b9c1d1e-8f5a-4c0e-9a4f-1c2d3e4f5a6b';
const PACKAGE = '54edc2b3-18c5-4371-904b-ebcd04d88bdc';
const COLLECTION = `/accounts/${ACCOUNT}/core/v1/packages`;
const CORRELATION = '1c9e6b7a-2d3f-4a5b-8c6d-7e8f9a0b1c2d';

const resource = (overrides: Record<string, unknown> = {}) => ({
  type: 'application/astra-package',
  version: '1.0',
  id: PACKAGE,
  packageName: 'storage-bundle',
  packageVersion: '22.09.1',
  packageType: 'patch',
  severityLevel: 'recommended',
  packageState: 'verifying',
  packageStateTransitions: [{ from: 'verifying', to: ['corrupt', 'incomplete', 'available'] }],
  packageStateDetails: [],
  dependencies: [{ componentName: 'storage-core', componentMinVersion: '1.0.0' }],
  metadata: { labels: [], creationTimestamp: '2026-01-02T03:04:05.678Z', modificationTimestamp: '2026-01-02T03:04:05.678Z', createdBy: CORRELATION },
  ...overrides,
});

const exchange = (overrides: Partial<Exchange> & { contentType?: string }): Exchange => {
  const { contentType = 'application/astra-package+json', ...rest } = overrides;
  return { method: 'GET', url: `${COLLECTION}/${PACKAGE}`, status: 200, headers: new Headers({ 'content-type': `${contentType}; charset=utf-8` }), body: resource(), ...rest };
};

const problem = (n: number, status: string, title: string, detail: string, extra: Record<string, unknown> = {}) => ({
  type: `https://astra.netapp.io/problems/${n}`,
  title,
  detail,
  status,
  correlationID: CORRELATION,
  ...extra,
});
const problemExchange = (body: unknown, overrides: Partial<Exchange> = {}): Exchange =>
  exchange({ status: Number((body as { status: string }).status), contentType: 'application/problem+json', body, ...overrides });

describe('the vendor-document check', () => {
  it('names the operation a request addresses', () => {
    expect(operationOf('POST', COLLECTION)).toBe('POST collection');
    expect(operationOf('GET', `${COLLECTION}/?limit=2`)).toBe('GET collection');
    expect(operationOf('GET', `${COLLECTION}/${PACKAGE}`)).toBe('GET item');
    expect(operationOf('DELETE', `${COLLECTION}/${PACKAGE}`)).toBe('DELETE item');
    expect(operationOf('PUT', `${COLLECTION}/${PACKAGE}`)).toBe('PUT item');
    expect(operationOf('GET', `${COLLECTION}/${PACKAGE}/history`)).toBe('GET history');
    expect(operationOf('GET', `/accounts/${ACCOUNT}/core/v1/nothing`)).toBe('other');
  });

  it('accepts a package, a page and problems in the vendor form, with any packageName and componentName', () => {
    expect(vendorViolations(exchange({}))).toEqual([]);
    const page = { type: 'application/astra-packages', version: '1.0', items: [resource()], metadata: { continue: 'eyJrIjoxfQ==', count: 3 } };
    expect(vendorViolations(exchange({ url: COLLECTION, contentType: 'application/json', body: page }))).toEqual([]);
    expect(vendorViolations(problemExchange(problem(2, '404', 'Collection not found', "The collection specified in the request URI wasn't found.")))).toEqual([]);
    const shape = problem(8, '400', 'Invalid JSON resource', "The request body JSON doesn't conform to the schema.", { schemaValidationFailure: 'colour: is not a known field' });
    expect(vendorViolations(problemExchange(shape, { method: 'POST', url: COLLECTION }))).toEqual([]);
    const stale = problem(38, '412', 'Precondition failed', 'The resource has changed since the version given in If-Match.');
    expect(vendorViolations(problemExchange(stale, { method: 'PUT' }))).toEqual([]);
  });

  it('refuses each drift: content type, texts, schemaValidationFailure as a list, correlation ids, tokens, undeclared answers', () => {
    expect(vendorViolations(exchange({ contentType: 'application/json' }))).not.toEqual([]);
    expect(vendorViolations(exchange({ contentType: 'application/json', accept: 'application/json' }))).toEqual([]);
    const notFound = problem(2, '404', 'Collection not found', `Package ${PACKAGE} not found`);
    expect(vendorViolations(problemExchange(notFound))).not.toEqual([]);
    const unsupported = problem(6, '400', 'Unsupported query parameters', "The supplied query parameters aren't supported for this endpoint.");
    expect(vendorViolations(problemExchange(unsupported))).not.toEqual([]);
    const list = problem(8, '400', 'Invalid JSON resource', "The request body JSON doesn't conform to the schema.", { schemaValidationFailure: [{ name: 'a', reason: 'b' }] });
    expect(vendorViolations(problemExchange(list, { method: 'POST', url: COLLECTION }))).not.toEqual([]);
    const traced = { ...problem(11, '403', 'Operation not permitted', "The requested operation isn't permitted."), correlationID: '4bf92f3577b34da6a3ce929d0e0e4736' };
    expect(vendorViolations(problemExchange(traced))).not.toEqual([]);
    const unpadded = { type: 'application/astra-packages', version: '1.0', items: [], metadata: { continue: 'eyJrIjoiYWNjb3VudC1wYWNrYWdlcyJ9fQ' } };
    expect(vendorViolations(exchange({ url: COLLECTION, contentType: 'application/json', body: unpadded }))).not.toEqual([]);
    const stale = problem(38, '412', 'Precondition failed', 'The ETag you sent is old.');
    expect(vendorViolations(problemExchange(stale, { method: 'DELETE' }))).not.toEqual([]);
    const deleteCollection = problem(2, '404', 'Collection not found', "The collection specified in the request URI wasn't found.");
    expect(vendorViolations(problemExchange(deleteCollection, { method: 'DELETE' }))).not.toEqual([]);
    expect(vendorViolations(exchange({ status: 202 }))).not.toEqual([]);
    expect(vendorViolations(exchange({ body: resource({ packageState: 'gone' }) }))).not.toEqual([]);
  });
});
