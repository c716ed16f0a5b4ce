import { packageFields, type LiveCatalogPackage, type VersionSetState } from '../../../../libs/domain/src/catalog/catalog-package.state.js';
import { absoluteUrl, schemaUrl, type RequestLike } from '../../../../libs/http/src/headers/urls.js';

/** The seed `Package` as GET answers it, so a client can GET, change and PUT it back. */
export function packageBody(state: LiveCatalogPackage, request: RequestLike): Record<string, unknown> {
  return {
    $schema: schemaUrl(request, 'Package'),
    ...packageFields(state),
    created_by: state.created_by,
    created_on: state.created_on,
    last_modified_by: state.last_modified_by,
    last_modified_on: state.last_modified_on,
  };
}

/** The seed `PackageVersionSet`; `package` is the package id whatever the path named it by. */
export function versionSetBody(packageId: string, set: VersionSetState, request: RequestLike): Record<string, unknown> {
  return {
    $schema: schemaUrl(request, 'PackageVersionSet'),
    package: packageId,
    number: set.number,
    version_constraint: set.version_constraint,
    created_by: set.created_by,
    created_on: set.created_on,
    last_modified_by: set.last_modified_by,
    last_modified_on: set.last_modified_on,
  };
}

/** `Location` in the seed's form (trailing slash), absolute as the client sees the service. */
export const packageLocation = (request: RequestLike, packageId: string): string => absoluteUrl(request, `/packages/${packageId}/`);

export const versionSetLocation = (request: RequestLike, packageId: string, number: number): string =>
  absoluteUrl(request, `/packages/${packageId}/versionsets/${number}/`);
