import { correlationIdFrom, currentCorrelationId, runWithCorrelationId } from './correlation.js';

const UUID = /^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/;

describe('correlationIdFrom', () => {
  it('takes X-Correlation-ID first', () => {
    expect(correlationIdFrom({ 'x-correlation-id': 'req-42', traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` })).toBe('req-42');
  });

  it('takes the trace id of a valid traceparent next', () => {
    expect(correlationIdFrom({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' })).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(correlationIdFrom({ traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` })).toMatch(UUID);
  });

  it('makes a UUID when nothing usable was sent, never echoing unsafe input', () => {
    expect(correlationIdFrom({})).toMatch(UUID);
    expect(correlationIdFrom({ 'x-correlation-id': 'bad\nid' })).toMatch(UUID);
    expect(correlationIdFrom({ 'x-correlation-id': 'x'.repeat(129) })).toMatch(UUID);
  });
});

describe('currentCorrelationId', () => {
  it('is visible across awaits inside the run, and not outside', async () => {
    const seen = await runWithCorrelationId('c-9', async () => {
      await Promise.resolve();
      await new Promise((resolve) => setImmediate(resolve));
      return currentCorrelationId();
    });
    expect(seen).toBe('c-9');
    expect(currentCorrelationId()).toBeUndefined();
  });
});
