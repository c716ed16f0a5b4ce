import type { AccountPackageResource } from '../../../../libs/domain/src/accounts/account-package.events.js';
import { PACKAGE_STATE_TRANSITIONS } from '../../../../libs/domain/src/accounts/account-package.transitions.js';
import { absoluteUrl, type RequestLike } from '../../../../libs/http/src/headers/urls.js';

const OPTIONAL = ['bundleName', 'images', 'artifacts', 'files', 'upgradableVersions', 'dependencies'] as const;

/** The Package resource in the seed's order, with the fixed transition table every read carries. */
export function accountPackageBody(resource: AccountPackageResource): Record<string, unknown> {
  const optional = Object.fromEntries(OPTIONAL.flatMap((field) => (resource[field] === undefined ? [] : [[field, resource[field]]])));
  const { metadata } = resource;
  return {
    type: resource.type,
    version: resource.version,
    id: resource.id,
    packageName: resource.packageName,
    packageVersion: resource.packageVersion,
    packageType: resource.packageType,
    packageState: resource.packageState,
    packageStateTransitions: PACKAGE_STATE_TRANSITIONS.map(({ from, to }) => ({ from, to: [...to] })),
    packageStateDetails: resource.packageStateDetails,
    severityLevel: resource.severityLevel,
    ...optional,
    metadata: {
      labels: metadata.labels,
      creationTimestamp: metadata.creationTimestamp,
      modificationTimestamp: metadata.modificationTimestamp,
      createdBy: metadata.createdBy,
      ...(metadata.modifiedBy === undefined ? {} : { modifiedBy: metadata.modifiedBy }),
    },
  };
}

export const accountPackagePath = (accountId: string, packageId?: string): string =>
  `/accounts/${accountId}/core/v1/packages${packageId === undefined ? '' : `/${packageId}`}`;

/** `Location`, absolute as the client sees the service. */
export const accountPackageLocation = (request: RequestLike, accountId: string, packageId: string): string =>
  absoluteUrl(request, accountPackagePath(accountId, packageId));
