import type { ServerResponse } from 'node:http';
import { problem, sendProblem, unavailable } from './problems.js';

type Sent = { status: number; headers: Record<string, string>; body: unknown };

/** A ServerResponse stand-in that keeps what the gateway wrote. */
function response(): { res: ServerResponse; sent: Sent } {
  const sent: Sent = { status: 0, headers: {}, body: undefined };
  const res = {
    writeHead(status: number, headers: Record<string, string>) {
      sent.status = status;
      sent.headers = headers;
    },
    end(text: string) {
      sent.body = JSON.parse(text);
    },
  };
  return { res: res as unknown as ServerResponse, sent };
}

describe('gateway problems', () => {
  it('answers an unreachable service 503 with Retry-After in the family format of the path', () => {
    const catalog = response();
    unavailable(catalog.res, { url: '/packages/x', method: 'GET' }, 'down');
    expect(catalog.sent).toEqual({
      status: 503,
      headers: { 'retry-after': '1', 'content-type': 'application/problem+json' },
      body: { status: 503, title: 'Service Unavailable', detail: 'down' },
    });
    const accounts = response();
    unavailable(accounts.res, { url: '/accounts/a/core/v1/packages', method: 'POST' }, 'down');
    expect(accounts.sent.status).toBe(503);
    // Astra problems carry their number's fixed detail; the reason is the gateway's to log.
    expect(accounts.sent.body).toEqual({
      type: 'https://astra.netapp.io/problems/41',
      title: 'Service unavailable',
      detail: 'The service is temporarily unavailable.',
      status: '503',
    });
  });

  it("answers the gateway's own errors in the catalog model", () => {
    const { res, sent } = response();
    sendProblem(res, { url: '/metrics', method: 'GET' }, problem('collection-not-found', 404, 'not served by the gateway'));
    expect(sent).toEqual({
      status: 404,
      headers: { 'content-type': 'application/problem+json' },
      body: { status: 404, title: 'Not Found', detail: 'not served by the gateway' },
    });
  });
});
