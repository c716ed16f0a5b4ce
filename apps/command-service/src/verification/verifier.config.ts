import { ConfigError } from '../../../../libs/http/src/config/config.error.js';
import { integer, optionalString, type Env } from '../../../../libs/http/src/config/env.js';

export type VerifierConfig = {
  /** Whether this process runs the package verifier (`VERIFIER_ENABLED`, default true). */
  enabled: boolean;
  /** Failed deliveries of one event before it is dead-lettered (`MAX_DELIVER`, default 5). */
  maxDeliver: number;
};

export function loadVerifierConfig(env: Env): VerifierConfig {
  const enabled = optionalString(env, 'VERIFIER_ENABLED', 'true');
  if (enabled !== 'true' && enabled !== 'false') throw new ConfigError('VERIFIER_ENABLED', `must be true or false, got "${enabled}"`);
  return { enabled: enabled === 'true', maxDeliver: integer(env, 'MAX_DELIVER', { min: 1, max: 1000, default: 5 }) };
}
