import { operationOf, problemNumber, vendorViolations, type Exchange, type Operation } from '../../support/astra-vendor-document.js';

// The account package e2e suites pass their answers through here: each one must hold against
// NetApp's Astra document (test/support/astra-vendor-document.ts), and each is counted.

export type Observed = { operation: Operation; status: number; problem: number | undefined };

/** Fails, naming every departure, when `exchange` does not hold against the vendor document. */
export function expectVendorConformant(exchange: Exchange): Observed {
  const violations = vendorViolations(exchange);
  if (violations.length > 0) {
    throw new Error(
      `${exchange.method} ${exchange.url} → ${exchange.status} departs from NetApp's document:\n  ${violations.join('\n  ')}\n` +
        `content-type: ${exchange.headers.get('content-type')}\nbody: ${JSON.stringify(exchange.body)}`,
    );
  }
  return { operation: operationOf(exchange.method, exchange.url), status: exchange.status, problem: problemNumber(exchange.body) };
}

/** The answer of a request as the harnesses return it, checked. */
export const checked = <A extends { status: number; headers: Headers; body: unknown }>(method: string, url: string, requestHeaders: Record<string, string> | undefined, answer: A): A => {
  expectVendorConformant({ method, url, accept: requestHeaders?.['accept'], status: answer.status, headers: answer.headers, body: answer.body });
  return answer;
};
