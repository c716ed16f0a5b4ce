import type { AccountPackageResource } from '../../../../libs/domain/src/accounts/account-package.events.js';
import { versionSortKey } from '../../../../libs/domain/src/accounts/package-version.js';

/** An `account_packages` row; `resource` is the GET body minus `packageStateTransitions`. */
export type AccountPackageRow = {
  account_id: string;
  id: string;
  resource: AccountPackageResource;
  package_name: string;
  package_version: string;
  package_version_key: string;
  package_type: string;
  severity_level: string;
  package_state: string;
  creation_timestamp: string | Date;
  created_seq: number;
  version: number;
};

/** The write side validated the version; a key of '' (sorting first) keeps the projector alive if not. */
const sortKey = (version: string): string => {
  try {
    return versionSortKey(version);
  } catch {
    return '';
  }
};

export function toRow(accountId: string, resource: AccountPackageResource, createdSeq: number, version: number): AccountPackageRow {
  return {
    account_id: accountId,
    id: resource.id,
    resource,
    package_name: resource.packageName,
    package_version: resource.packageVersion,
    package_version_key: sortKey(resource.packageVersion),
    package_type: resource.packageType,
    severity_level: resource.severityLevel,
    package_state: resource.packageState,
    creation_timestamp: resource.metadata.creationTimestamp,
    created_seq: createdSeq,
    version,
  };
}

/** The created resource as stored in the event; `packageStateTransitions` is added by the API on read. */
export function createdResource(data: AccountPackageResource): AccountPackageResource {
  const { packageStateTransitions: _fixed, ...resource } = data as AccountPackageResource & {
    packageStateTransitions?: unknown;
  };
  return resource;
}
