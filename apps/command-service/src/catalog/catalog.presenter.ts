import {
  liveVersionSets,
  packageFields,
  type AuditFields,
  type ComponentState,
  type LiveCatalogPackage,
  type ReleaseState,
  type VersionSetState,
} from '../../../../libs/domain/src/catalog/catalog-package.state.js';
import { releaseId, versionSetHolding } from '../../../../libs/domain/src/catalog/catalog-release.rules.js';
import { absoluteUrl, schemaUrl, type RequestLike } from '../../../../libs/http/src/headers/urls.js';

/** The seed `Package` as GET answers it, so a client can GET, change and PUT it back. */
export function packageBody(state: LiveCatalogPackage, request: RequestLike): Record<string, unknown> {
  return {
    $schema: schemaUrl(request, 'Package'),
    ...packageFields(state),
    ...audit(state),
  };
}

/** The seed `PackageVersionSet`; `package` is the package id whatever the path named it by. */
export function versionSetBody(packageId: string, set: VersionSetState, request: RequestLike): Record<string, unknown> {
  return {
    $schema: schemaUrl(request, 'PackageVersionSet'),
    package: packageId,
    number: set.number,
    version_constraint: set.version_constraint,
    ...audit(set),
  };
}

/** The `PackageComponent` as GET answers it (same member order as the query service). */
export function componentBody(packageId: string, component: ComponentState, request: RequestLike): Record<string, unknown> {
  return {
    $schema: schemaUrl(request, 'PackageComponent'),
    name: component.name,
    package: packageId,
    versionset_number: component.versionset_number,
    title: component.title,
    primary: component.primary,
    ...(component.description === undefined ? {} : { description: component.description }),
    ...audit(component),
  };
}

/** The `PackageRelease`, with the live VersionSet holding its version (what the read side keeps). */
export function releaseBody(state: LiveCatalogPackage, release: ReleaseState, request: RequestLike): Record<string, unknown> {
  const { version, released_on: releasedOn, changes } = release;
  return {
    $schema: schemaUrl(request, 'PackageRelease'),
    id: releaseId(state.id, version),
    package: state.id,
    version,
    ...(releasedOn === undefined ? {} : { released_on: releasedOn }),
    changes,
    versionset_number: versionSetHolding(liveVersionSets(state), version),
    ...audit(release),
  };
}

const audit = (fields: AuditFields): AuditFields => ({
  created_by: fields.created_by,
  created_on: fields.created_on,
  last_modified_by: fields.last_modified_by,
  last_modified_on: fields.last_modified_on,
});

/** `Location` in the seed's form (trailing slash), absolute as the client sees the service. */
export const packageLocation = (request: RequestLike, packageId: string): string => absoluteUrl(request, `/packages/${packageId}/`);

export const versionSetLocation = (request: RequestLike, packageId: string, number: number): string =>
  absoluteUrl(request, `/packages/${packageId}/versionsets/${number}/`);

export const componentLocation = (request: RequestLike, packageId: string, number: number, name: string): string =>
  absoluteUrl(request, `/packages/${packageId}/versionsets/${number}/components/${encodeURIComponent(name)}/`);

/** A release's path names it by its version as written (the bare form of `{release}`). */
export const releaseLocation = (request: RequestLike, packageId: string, version: string): string =>
  absoluteUrl(request, `/packages/${packageId}/releases/${encodeURIComponent(version)}/`);
