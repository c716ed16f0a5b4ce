import { ConfigError } from '../../../../libs/http/src/config/config.error.js';
import { loadVerifierConfig } from './verifier.config.js';

describe('verifier config', () => {
  it('runs the verifier with five deliveries by default', () => {
    expect(loadVerifierConfig({})).toEqual({ enabled: true, maxDeliver: 5 });
  });

  it('reads VERIFIER_ENABLED and MAX_DELIVER', () => {
    expect(loadVerifierConfig({ VERIFIER_ENABLED: 'false', MAX_DELIVER: '2' })).toEqual({ enabled: false, maxDeliver: 2 });
  });

  it.each([
    [{ VERIFIER_ENABLED: 'no' }, 'VERIFIER_ENABLED'],
    [{ MAX_DELIVER: '0' }, 'MAX_DELIVER'],
    [{ MAX_DELIVER: 'five' }, 'MAX_DELIVER'],
  ])('names the key of a malformed value %j', (env, key) => {
    expect(() => loadVerifierConfig(env)).toThrow(expect.objectContaining({ key }) as ConfigError);
  });
});
