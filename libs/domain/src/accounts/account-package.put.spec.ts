import fc from 'fast-check';
import { pickSpec, sameValue, sameValueByJson } from './account-package.put.js';
import type { AccountPackageSpec } from './account-package.events.js';

// Values as a GET → PUT round trip produces them: JSON, with the "nothing" forms (absent, null, [], {}) mixed in.
const nothing = fc.constantFrom(undefined, null, [], {}, { a: null }, { a: [] });
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -3, max: 3 }), fc.boolean(), nothing),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('node'), { maxKeys: 3 })),
})).node;

describe('account PUT: read-only comparison', () => {
  it('agrees with comparing the pruned values as canonical JSON', () => {
    fc.assert(fc.property(value, value, (a, b) => sameValue(a, b) === sameValueByJson(a, b)), { numRuns: 5000 });
  });

  it('agrees on a value and a copy of it with keys reordered and nothing-forms added', () => {
    const reorder = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reorder) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, m]) => [k, reorder(m)]).concat([['z', []]])) : v;
    fc.assert(fc.property(value, (a) => sameValue(a, reorder(a)) && sameValueByJson(a, reorder(a))), { numRuns: 2000 });
  });

  it('picks the body values without copying them', () => {
    const files = [{ name: 'a', sha256: 'b' }];
    const picked = pickSpec({ type: 'x', files, images: null } as unknown as AccountPackageSpec);
    expect(picked.files).toBe(files);
    expect('images' in picked).toBe(false);
  });
});
