import type { Failpoints as NamedFailpoints } from '../../../libs/http/src/config/failpoints.js';

export { createFailpoints, noFailpoints } from '../../../libs/http/src/config/failpoints.js';

export const FAILPOINT_NAMES = ['crash-after-append'] as const;
export type FailpointName = (typeof FAILPOINT_NAMES)[number];
export type Failpoints = NamedFailpoints<FailpointName>;
