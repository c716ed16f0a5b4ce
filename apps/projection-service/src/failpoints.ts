export { createFailpoints } from '../../../libs/http/src/config/failpoints.js';

export const FAILPOINT_NAMES = ['crash-after-commit'] as const;
export type FailpointName = (typeof FAILPOINT_NAMES)[number];
