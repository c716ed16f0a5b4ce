import { unstorableTextAt } from './body-text.js';

// Found by the hostile-input suite (test/hostile/limits, HOSTILE_SEED=1): a catalog title holding
// U+0000 or a lone surrogate was accepted (201), and the projector then failed on it for ever
// ("invalid input syntax for type json"), stopping every read model at that event.
describe('unstorableTextAt', () => {
  it('locates U+0000 and unpaired surrogates in values and keys', () => {
    expect(unstorableTextAt({ title: 'a\u0000b' })).toBe('title');
    expect(unstorableTextAt({ metadata: { labels: [{ name: 'n', value: '\ud800' }] } })).toBe('metadata.labels[0].value');
    expect(unstorableTextAt({ images: [{ ['x\udc00']: 1 }] })).toBe('images[0].x\udc00');
    expect(unstorableTextAt(['ok', 'bad\udbff'])).toBe('[1]');
  });

  it('lets every well-formed string through, astral characters and other controls included', () => {
    expect(unstorableTextAt({ title: '😀 \u0001\u001f\u202e é\u0301 \ufeff\uffff', n: 1, a: [null, true, { b: '👩‍👩‍👧‍👦' }] })).toBeUndefined();
  });
});
