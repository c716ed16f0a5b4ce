// One subject per aggregate, so per-aggregate order is stream order and subscribers filter by wildcard.

export const STREAM_SUBJECTS = 'artifacts.>';

export const catalogSubject = (packageId: string): string => `artifacts.catalog.${packageId}`;

export const accountPackageSubject = (accountId: string, packageId: string): string =>
  `artifacts.accounts.${accountId}.${packageId}`;
