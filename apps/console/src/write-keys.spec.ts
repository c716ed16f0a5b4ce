import { settleWrite, writeKey } from './write-keys';

describe('idempotency keys of console creates', () => {
  const body = { title: 'Argo', aliases: ['argo'] };

  it('reuses the key of an attempt that had no answer or a 5xx, for the same path and body only', () => {
    const first = writeKey('POST', '/packages', body);
    expect(first).toMatch(/^console-[0-9a-f]{32}$/);
    settleWrite('POST', '/packages', body, undefined);
    expect(writeKey('POST', '/packages', { ...body })).toBe(first);
    settleWrite('POST', '/packages', body, 503);
    expect(writeKey('POST', '/packages', body)).toBe(first);
    expect(writeKey('POST', '/packages', { ...body, title: 'Argo CD' })).not.toBe(first);
    expect(writeKey('POST', '/packages/pkg_1/releases', body)).not.toBe(first);
  });

  it('draws a new key once an attempt had a definite answer', () => {
    const first = writeKey('POST', '/packages', body);
    settleWrite('POST', '/packages', body, 409);
    const second = writeKey('POST', '/packages', body);
    expect(second).not.toBe(first);
    settleWrite('POST', '/packages', body, 201);
    expect(writeKey('POST', '/packages', body)).not.toBe(second);
  });
});
